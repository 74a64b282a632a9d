"""The annotated corpus: its file format, its checks, and the way to and from annotation tools.

``format`` reads and writes documents (one pretty JSON each, or JSON Lines);
``validate`` checks them (``gik corpus check``); ``interop`` exports to and imports
from doccano and Label Studio and pre-annotates reports with a model.
"""

from gik_nlp.corpus.format import (
    ORIGINS,
    SPLITS,
    AnnotatedDocument,
    CorpusError,
    corpus_fingerprint,
    default_split,
    load_corpus,
    save_document,
    save_jsonl,
)
from gik_nlp.corpus.interop import (
    LABEL_STUDIO_CONFIG,
    export_doccano,
    export_label_studio,
    fill_records,
    import_doccano,
    import_label_studio,
    preannotate,
)
from gik_nlp.corpus.validate import KINDS, Problem, check_corpus, corpus_stats, validate

__all__ = [
    "ORIGINS", "SPLITS", "AnnotatedDocument", "CorpusError", "corpus_fingerprint", "default_split",
    "load_corpus", "save_document", "save_jsonl",
    "LABEL_STUDIO_CONFIG", "export_doccano", "export_label_studio", "fill_records", "import_doccano",
    "import_label_studio", "preannotate",
    "KINDS", "Problem", "check_corpus", "corpus_stats", "validate",
]
