"""The record assembler: tagged spans + text → ReportRecord (docs/spec/record.md).

``build_record(doc, spans, model)`` is the stage's one entry point; ``match_field`` maps
a printed indicator to a field id (fields.py). The parsers of numbers, dates and 文号
(numbers.py, dates.py, docno.py) are imported from their modules.
"""

from gik_nlp.assemble.fields import FieldContext, match_field
from gik_nlp.assemble.record import build_record

__all__ = ["FieldContext", "build_record", "match_field"]
