"""The character tagger: documents in, labelled spans out.

``load_tagger(model_dir)`` reads a model folder and returns a ``Tagger`` (character
BERT, tagging/infer.py), a ``CrfTagger`` (baseline, tagging/crf.py) or an
``EnsembleTagger`` (the two mixed, tagging/ensemble.py), chosen by the ``kind`` in its
meta.json. All offer ``.tag(doc)``, ``.tag_many(docs)``, ``.name``, ``.names`` and
``.metadata``. Training is ``gik_nlp.tagging.train.train``. torch and transformers are
imported only when a model is loaded or trained, so importing this package is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gik_nlp.tagging.crf import CrfTagger
    from gik_nlp.tagging.ensemble import EnsembleTagger
    from gik_nlp.tagging.infer import Tagger


def load_tagger(model_dir: str | Path) -> Tagger | CrfTagger | EnsembleTagger:
    """The tagger saved in ``model_dir``; raises ModelError if the folder is unusable."""
    from gik_nlp.tagging.model import ModelError, read_metadata

    kind = read_metadata(Path(model_dir))["kind"]
    if kind == "transformer":
        from gik_nlp.tagging.infer import Tagger

        return Tagger(model_dir)
    if kind == "crf":
        from gik_nlp.tagging.crf import CrfTagger

        return CrfTagger(model_dir)
    if kind == "ensemble":
        from gik_nlp.tagging.ensemble import EnsembleTagger

        return EnsembleTagger(model_dir)
    raise ModelError(f"{Path(model_dir) / 'meta.json'}: unknown model kind {kind!r}; expected 'transformer', "
                     f"'crf' or 'ensemble'")


__all__ = ["load_tagger"]
