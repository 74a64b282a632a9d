"""Synthetic annotated reports: every format, every rendering, every kind of noise.

``generate(n, seed, config)`` returns ``AnnotatedDocument``s (origin "synthetic", split
"train") whose spans follow docs/spec/annotation.md and whose gold records follow
docs/spec/record.md, exact by construction. ``SynthConfig`` holds the proportions
(training/synth.yaml documents the defaults).
"""

from gik_nlp.synth.config import SynthConfig, SynthConfigError
from gik_nlp.synth.generate import SynthError, generate

__all__ = ["generate", "SynthConfig", "SynthConfigError", "SynthError"]
