"""Evaluation: how right the extractor is, per span label, record field and report format.

``metrics`` counts (PRF, span_scores, record_scores), ``gold`` loads what is scored against,
``score`` runs a tagger or takes records made elsewhere and scores them per document,
``errors`` lists every wrong field with the text around it, ``compare`` puts two models
side by side, ``crossval`` does leave-one-out and the learning curve, ``report`` lays it
all out as tables. The rules are in docs/evaluation.md.
"""

from gik_nlp.evaluate.metrics import PRF, RecordScores, Scores, record_outcomes, record_scores, span_scores
from gik_nlp.evaluate.score import Evaluation, evaluate_tagger, score_predictions

__all__ = ["PRF", "Scores", "RecordScores", "span_scores", "record_scores", "record_outcomes", "Evaluation",
           "evaluate_tagger", "score_predictions"]
