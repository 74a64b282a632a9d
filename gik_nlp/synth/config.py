"""The generator's proportions: formats, table renderings, file pass-through, noise rates.

``SynthConfig.from_dict`` takes the ``synth:`` block of a training config (or the whole of
``training/synth.yaml``) and rejects unknown keys, naming them, so a typo never silently
falls back to a default. Shares are relative weights (they need not sum to 1); rates are
per-document probabilities in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml


class SynthConfigError(ValueError):
    """A synth config is malformed: the message names the key and the problem."""


@dataclass(frozen=True)
class FormatShares:
    """Relative weights of the report formats (formats.md "Formats")."""

    pre2019_table: float = 0.24   # 统计指标/单位/统计数 table (seeds 000, 001)
    short_annex: float = 0.06     # 附表 with 本年/历年累计 columns (seed 002)
    prose: float = 0.20           # statistics only in sentences (seeds 003, 004)
    national_2019: float = 0.15   # 表二/表三/表四, reports for 2019-2020
    national_2021: float = 0.35   # 表二/表三/表四, reports for 2021 onwards


@dataclass(frozen=True)
class RenderingShares:
    """Relative weights of the text renderings of a table (formats.md "Table renderings" 1-4),
    plus the PDF-text-layer style (one row per line, space-separated)."""

    tab_cells: float = 0.30       # 1. one cell per line, each line starting with a tab
    blank_cells: float = 0.15     # 2. one cell per line, blank lines between cells
    pipe_cells: float = 0.10      # 3. one cell per line, each followed by a "|" line
    pipe_rows: float = 0.30       # 4. "规章 | 0 | 0 | 0 |"
    space_rows: float = 0.15      # PDF text layer: "一、本年新收… 3001 53 0 0 61 4 3119"


@dataclass(frozen=True)
class FileShares:
    """Relative weights of how a document reaches the model: generated text directly, or
    rendered to a file and read back through gik_nlp.readers (slow: keep files modest)."""

    text: float = 0.88
    html: float = 0.08
    docx: float = 0.025
    pdf: float = 0.015


@dataclass(frozen=True)
class NoiseRates:
    """Per-document probabilities of each kind of noise (formats.md "Noise" and renderings 4-6)."""

    spam_site: float = 0.10           # spam site name in the page title / summary / text
    spam_in_agency: float = 0.3       # given spam_site: spliced into one agency mention
    navigation: float = 0.15          # RSS订阅 | 繁体 | 简体, 【字体:, 发布时间: … lines
    traditional: float = 0.04         # traditional-character copy
    pinyin_gloss: float = 0.5         # given traditional: pinyin glosses after characters
    ascii_punct: float = 0.10         # , ( ) : in place of full-width punctuation
    broken_doc_number: float = 0.15   # [2005], lost brackets, stray brackets in 文号
    chinese_numeral_date: float = 0.20  # 二〇一〇年一月十九日 (mostly the signature date)
    lost_digit_date: float = 0.02     # 202011日至20201231日
    period_next_year: float = 0.03    # period ending on 1 January of the next year
    self_reference: float = 0.15      # the report names itself only 我局 / 本机关 / 我镇 in its body
    notice_wrapper: float = 0.06      # 关于公布…年度报告的通知（X政办发〔YYYY〕N号）around the report
    word_artifacts: float = 0.08      # [bookmark: _GoBack], [image: image3.jpg] and OCR junk lines
    prose_contradiction: float = 0.08  # prose quotes a number that its own table contradicts
    inconsistent_table: float = 0.05  # a table that fails its own consistency check
    fullwidth_digits: float = 0.05    # ７２５４ (the reader folds them; the raw form varies)
    collapsed_pipes: float = 0.5      # given pipe_rows: blank cells collapse into "||||"
    flat_table4: float = 0.3          # given a 表四: its 15 numbers on one line
    units_in_cells: float = 0.15      # 123.45万元, 250000元, +1036 in 表二 cells
    approximate_numbers: float = 0.25  # prose counts with 余/多/近/约
    chinese_numerals: float = 0.15    # prose counts in Chinese numerals (十二件)
    national_table_renderings: float = 0.0  # 表二/表三/表四 printed in one of synth/renderings.py's renderings


_SECTIONS = {"formats": FormatShares, "renderings": RenderingShares, "files": FileShares,
             "noise": NoiseRates}


@dataclass(frozen=True)
class SynthConfig:
    """Everything the generator can be told; defaults are documented in training/synth.yaml."""

    formats: FormatShares = field(default_factory=FormatShares)
    renderings: RenderingShares = field(default_factory=RenderingShares)
    files: FileShares = field(default_factory=FileShares)
    noise: NoiseRates = field(default_factory=NoiseRates)
    #: Every 2019/2021 report prints its tables in this rendering of synth/renderings.py
    #: (``gik synth --table-rendering``); "" leaves it to ``noise.national_table_renderings``.
    table_rendering: str = ""

    def __post_init__(self) -> None:
        if self.table_rendering:
            from gik_nlp.synth.renderings import PARTS

            if self.table_rendering not in PARTS:
                raise SynthConfigError(f"synth: unknown table rendering {self.table_rendering!r}; "
                                       f"expected one of {sorted(PARTS)}")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, where: str = "synth") -> SynthConfig:
        """Build from a nested dict; unknown or mistyped keys raise SynthConfigError naming them.

        >>> SynthConfig.from_dict({"formats": {"prose": 1.0}}).formats.prose
        1.0
        >>> try:
        ...     SynthConfig.from_dict({"format": {}})
        ... except SynthConfigError as exc:
        ...     print(exc)
        synth: unknown key 'format'; expected one of ['files', 'formats', 'noise', 'renderings']
        """
        data = data or {}
        if not isinstance(data, dict):
            raise SynthConfigError(f"{where}: expected a mapping, got {type(data).__name__}")
        unknown = sorted(set(data) - set(_SECTIONS))
        if unknown:
            raise SynthConfigError(f"{where}: unknown key {unknown[0]!r}; expected one of {sorted(_SECTIONS)}")
        parts = {name: _section(kind, data.get(name), f"{where}.{name}") for name, kind in _SECTIONS.items()}
        config = cls(**parts)
        for name in ("formats", "renderings", "files"):
            if sum(_weights(getattr(config, name)).values()) <= 0:
                raise SynthConfigError(f"{where}.{name}: all shares are zero")
        return config

    @classmethod
    def from_file(cls, path: Path | str) -> SynthConfig:
        """Read a YAML file holding the config (or a training config with a ``synth:`` key)."""
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise SynthConfigError(f"{path}: cannot read ({exc})") from exc
        if isinstance(data, dict) and "synth" in data and set(data) - set(_SECTIONS):
            data = data["synth"]
        return cls.from_dict(data, str(path))

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {name: _weights(getattr(self, name)) for name in _SECTIONS}


def with_table_rendering(config: SynthConfig, rendering: str) -> SynthConfig:
    """Take a config and a rendering of synth/renderings.py; give the config whose reports all
    print their national tables (表二/表三/表四) in that rendering (``gik synth --table-rendering``):
    only the formats that have those tables keep their shares, and only the 2021 format for a
    rendering of the 2021 表二 (``FORMAT_ONLY``).

    >>> config = with_table_rendering(SynthConfig(), "table2_2021_no_header")
    >>> config.table_rendering, config.formats.prose, config.formats.national_2019, config.formats.national_2021
    ('table2_2021_no_header', 0.0, 0.0, 0.35)
    """
    from gik_nlp.synth.renderings import FORMAT_ONLY  # imported here: the renderings load the schema

    only = FORMAT_ONLY.get(rendering)
    formats = replace(config.formats, pre2019_table=0.0, short_annex=0.0, prose=0.0,
                      national_2019=0.0 if only == "2021" else config.formats.national_2019,
                      national_2021=0.0 if only == "2019" else config.formats.national_2021)
    return replace(config, formats=formats, table_rendering=rendering)


def _weights(section: Any) -> dict[str, float]:
    return {f.name: getattr(section, f.name) for f in fields(section)}


def _section(kind: type, data: Any, where: str) -> Any:
    if data is None:
        return kind()
    if not isinstance(data, dict):
        raise SynthConfigError(f"{where}: expected a mapping, got {type(data).__name__}")
    known = {f.name for f in fields(kind)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SynthConfigError(f"{where}: unknown key {unknown[0]!r}; expected one of {sorted(known)}")
    values: dict[str, float] = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SynthConfigError(f"{where}.{key}: expected a number, got {value!r}")
        if value < 0 or (kind is NoiseRates and value > 1):
            raise SynthConfigError(f"{where}.{key}: {value} is out of range"
                                   f"{' [0, 1]' if kind is NoiseRates else ' (must be >= 0)'}")
        values[key] = float(value)
    return kind(**values)
