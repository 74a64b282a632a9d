"""gik_nlp: records from Chinese government information-disclosure annual reports.

Flow: ``readers.read(path) -> Document`` → ``tagging.Tagger.tag(doc) -> list[Span]`` →
``assemble.build_record(doc, spans) -> ReportRecord``; ``pipeline.extract`` chains them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
