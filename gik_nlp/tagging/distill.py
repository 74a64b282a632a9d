"""Distillation: a teacher model tags unannotated real reports; its spans become training data.

The teacher is a model folder (the CRF of models/default): it tags every text that
``unlabelled.unlabelled_texts`` yields for the config's ``distill`` section, and each
becomes an AnnotatedDocument with ``origin="distilled"`` and ``split="train"``. The
transformer trainer weighs their characters by ``distill.weight`` (labelled ones weigh 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.tagging.config import DistillConfig
from gik_nlp.types import Document

ORIGIN = "distilled"


def distilled_documents(config: DistillConfig, known_texts: Iterable[str] = ()) -> tuple[list[AnnotatedDocument],
                                                                                         dict[str, Any]]:
    """(documents, description for meta.json); ([], {}) when ``config.teacher`` is empty.

    known_texts: texts of annotated documents, never distilled (a model sees their gold labels).
    """
    if not config.teacher:
        return [], {}
    from gik_nlp.tagging import load_tagger
    from gik_nlp.tagging.unlabelled import unlabelled_texts

    texts, left_out = unlabelled_texts(config.sources, config.exclude_split_file or None, config.exclude_splits,
                                       exclude_texts=known_texts)
    if config.max_chars:
        kept, total = [], 0
        for item in texts:
            if total + len(item.text) > config.max_chars:
                break
            kept.append(item)
            total += len(item.text)
        texts = kept
    teacher = load_tagger(Path(config.teacher))
    spans = teacher.tag_many([Document(t.id, t.path, t.text) for t in texts])
    docs = [AnnotatedDocument(id=f"{ORIGIN}-{t.id}", text=t.text, spans=tuple(s), source=t.path, origin=ORIGIN,
                              split="train") for t, s in zip(texts, spans)]
    description = {"teacher": config.teacher, "teacher_name": teacher.name, "documents": len(docs),
                   "chars": sum(len(d.text) for d in docs), "spans": sum(len(d.spans) for d in docs),
                   "weight": config.weight, "left_out": left_out}
    return docs, description
