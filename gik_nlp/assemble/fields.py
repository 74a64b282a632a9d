"""Indicator → field id: map a printed STAT_NAME to a field id of fields.yaml.

Three steps, strongest first:

1. the cleaned name (enumerators, explanatory parentheses and spaces removed) equals a
   ``zh`` or an alias of fields.yaml → confidence 1.0;
2. otherwise a character n-gram classifier (TF-IDF over 1–3-grams + a linear model)
   trained on (name, target) pairs from fields.yaml, the gold statistics of the annotated
   corpus (corpus/real: each evidence name → its field, each other_statistics name →
   none) and the synthetic generator's phrase pools; its probability is the confidence,
   and below ``MATCH_THRESHOLD`` the name maps to nothing (→ other_statistics);
3. names printed identically for two fields (``被依法纠错数`` under 行政复议 and under
   行政诉讼, ``其他情形数`` likewise) are resolved by the section the name sits in
   (``FieldContext.families``); without a section they map to nothing rather than a guess.

A *target* is what a name can denote: a plain field id (``request.received``), a matrix
row (``apply.granted``, ``disclosure.rules``: the column comes from the table), or a
表四 block (``review``, ``litigation_direct``, ``litigation_after_review``).

The classifier is part of the model: ``gik train`` fits it on fields.yaml's names, the
synthetic generator's phrase pools and the gold statistics of the real documents of the
training split (``fit_names``), writes it into the model folder (``names.json`` +
``names.safetensors``, no pickle) and the tagger loads it; the pipeline makes it the one in
force while a record is assembled (``using``). Nothing is fitted at import time. Without a
model's classifier (library use, a model folder from before) one is fitted at first use from
fields.yaml and the phrase pools only (~0.2 s plus importing scikit-learn, 1.5–4 s).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from gik_nlp.schema import FIELDS, HEADLINE, MATRICES, FieldSpec
from gik_nlp.schema.templates import templates

#: Below this classifier probability a name maps to no field id (→ other_statistics).
#: Chosen on names the classifier must read (no exact match) of held-out documents: each
#: annotated seed left out in turn (76 names) and 150 synthetic reports whose phrase pool
#: was left out of training (266 names); 186 of the 342 map to no field. Agreement (right
#: field, or none where gold has none), real / synthetic: 0.20 → 0.78 / 0.90, 0.30 →
#: 0.83 / 0.83, 0.40 → 0.87 / 0.72, 0.50 → 0.91 / 0.59. The mean peaks at 0.20–0.30
#: (0.836–0.830); 0.30 balances the two sources and assigns fewer figures to a wrong field
#: (16 against 20 at 0.20), the costlier error.
MATCH_THRESHOLD = 0.30

#: Matrices whose rows carry names (column from the table header); 表四 has blocks instead.
ROW_MATRICES = ("apply", "disclosure")

#: 表四 blocks and how their row/block label is printed (the rows of schema/templates.yaml's
#: table4). Ordered as the table prints them (行政复议 first, then 行政诉讼's two blocks),
#: which is also the order of its 15 cells.
TABLE4_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (row.id, row.labels) for row in templates()["table4"].rows)

#: A name carrying one of these counts more than the report's year (历年累计…): it is no
#: annual statistic, so it maps to no field id.
CUMULATIVE_MARKERS = ("历年",)
#: 累计 ("in all") alone sums the report's year (``2013年累计主动公开政府信息35条`` is the year's
#: figure, docs/spec/annotation.md "Openings"): the name is read without it. Its sentence may
#: still say it sums several years (``截至…累计公开846条``): assemble/prose.py checks that.
RUNNING_TOTAL = "累计"

#: Section families a pre-2019 section header (or a prose clause) names, by keyword.
#: Order matters only for readability; every keyword found adds its family.
SECTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("主动公开", "proactive"),
    ("回应", "response"),
    ("解读", "response"),
    ("依申请", "request"),
    ("申请", "request"),
    ("行政复议", "review"),
    ("复议", "review"),
    ("行政诉讼", "litigation"),
    ("诉讼", "litigation"),
    ("举报", "complaint"),
    ("投诉", "complaint"),
    ("申诉", "complaint"),
    ("收取的费用", "fee"),
    ("收费", "fee"),
    ("机构建设", "org"),
    ("经费", "org"),
    ("会议", "meeting"),
    ("培训", "training"),
)

#: Families that belong together in one pre-2019 section (三、依申请公开情况 holds request.*
#: and reply.*; 九、会议和培训情况 holds meeting.* and training.*).
FAMILY_GROUPS: dict[str, frozenset[str]] = {
    "request": frozenset({"request", "reply"}),
    "meeting": frozenset({"meeting", "training"}),
    "training": frozenset({"meeting", "training"}),
}

_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、)）]|"
    r"其中[：:]?|第[一二三四五六七八九十\d]+[项条][:：]?|[①②③④⑤⑥⑦⑧⑨⑩])")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)|（[^（）]*$|\([^()]*$")
_SPACE = re.compile(r"[\s\u3000]+")
_TRIM = "：:，,。；;、 "


@dataclass(frozen=True)
class FieldContext:
    """Where a name sits, for the names that need it.

    families: section families in force (``review``, ``litigation``, …) from the
        section header above a table row or the keywords of a prose clause.
    matrix: ``""`` for a plain indicator; ``apply``/``disclosure`` for a matrix row
        header; ``table4`` for a 表四 block label.
    column: the column id of a matrix cell, when known (gives a cell id back).
    format: the report's format, when known.
    """

    families: frozenset[str] = frozenset()
    matrix: str = ""
    column: str = ""
    format: str = "unknown"


@functools.cache
def _to_simplified() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


@functools.lru_cache(maxsize=16)
def converted_to_simplified(text: str) -> str:
    """OpenCC's traditional → simplified conversion of ``text`` (a phrase may change length).
    Remembered for a few texts: the tagger (crf.script: simplified) and the assembler both convert
    the whole document, one after the other."""
    return _to_simplified().convert(text)


#: Words a Taiwan-style mirror prints for the mainland's, each the same length as the word it
#: stands for (so offsets hold), in simplified characters: a mirror converting to traditional
#: characters with Taiwan phrasing turns 门户网站 into 入口網站 (openings e007, b037).
TAIWAN_WORDS: dict[str, str] = {"入口网站": "门户网站", "资讯": "信息", "网路": "网络", "软体": "软件",
                                "数位": "数字", "伺服器": "服务器"}
_TAIWAN_WORD = re.compile("|".join(map(re.escape, TAIWAN_WORDS)))


def simplified(text: str) -> str:
    r"""``text`` in simplified characters, one for one, so that every offset holds: where converting
    the whole text would change its length (a phrase converted to a longer or shorter one), each
    line is converted alone, and a line that would still change length character by character.
    Taiwan phrasing becomes the mainland's (``TAIWAN_WORDS``). The one view of a scraped
    traditional copy that the tagger (``crf.script: simplified``) and the assembler both read.

    >>> simplified("政府信息公開工作年度報告")
    '政府信息公开工作年度报告'
    >>> simplified("政府信息公開\n年度報告")
    '政府信息公开\n年度报告'
    >>> simplified("市公安局入口網站更新發布資訊1694條")
    '市公安局门户网站更新发布信息1694条'
    """
    view = converted_to_simplified(text)
    if len(view) != len(text):
        lines = []
        for line in text.split("\n"):
            converted = converted_to_simplified(line)
            if len(converted) != len(line):
                # past the cache: one character at a time would evict the whole texts it keeps
                convert = _to_simplified().convert
                converted = "".join(c if len(s) != 1 else s for c, s in ((c, convert(c)) for c in line))
            lines.append(converted)
        view = "\n".join(lines)
    return _TAIWAN_WORD.sub(lambda m: TAIWAN_WORDS[m.group(0)], view)


def clean_name(name: str) -> str:
    """The indicator in simplified characters, without enumerators, explanatory parentheses,
    spaces and end punctuation (scraped traditional copies print 主動公開政府信息數).

    >>> clean_name("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）")
    '主动公开政府信息数'
    >>> clean_name("其中：1.政府网站公开数")
    '政府网站公开数'
    >>> clean_name("统  计  指  标")
    '统计指标'
    >>> clean_name("（二）部分公开（区分处理的，只计这一情")
    '部分公开'
    >>> clean_name("主動公開政府信息數")
    '主动公开政府信息数'
    >>> clean_name("予以公開的")
    '予以公开'
    """
    text = simplified(_SPACE.sub("", name)).strip(_TRIM)
    while True:
        stripped = _ENUMERATOR.sub("", text, count=1).strip(_TRIM)
        if stripped == text:
            break
        text = stripped
    without = _PAREN.sub("", text).strip(_TRIM)
    text = without or text
    # "予以公开的21件": the particle that turns the name into a noun phrase is no part of it
    return text[:-1] if text.endswith("的") and len(text) > 2 else text


def families_in(text: str) -> frozenset[str]:
    """Section families named in a header or clause.

    >>> sorted(families_in("四、因政府信息公开申请行政复议、提起行政诉讼的情况"))
    ['litigation', 'reply', 'request', 'review']
    >>> sorted(families_in("九、政府信息公开会议和培训情况"))
    ['meeting', 'training']
    """
    found: set[str] = set()
    for keyword, family in SECTION_KEYWORDS:
        if keyword in text:
            found |= FAMILY_GROUPS.get(family, {family})
    return frozenset(found)


def is_plain(spec: FieldSpec) -> bool:
    """A field named by its own indicator (not a matrix cell located by row × column)."""
    return not spec.matrix or "pre2019" in spec.formats


@dataclass(frozen=True)
class _Index:
    """Exact names → targets, and what each target resolves to."""

    exact: dict[str, tuple[str, ...]]
    plain: frozenset[str]
    rows: dict[str, frozenset[str]]          # matrix → its row targets
    row_to_headline: dict[str, str]          # apply.new → request.received, review → review.total


@functools.cache
def _index() -> _Index:
    exact: dict[str, list[str]] = {}

    def add(name: str, target: str) -> None:
        key = clean_name(name)
        if key and target not in exact.setdefault(key, []):
            exact[key].append(target)

    plain: set[str] = set()
    rows: dict[str, set[str]] = {m: set() for m in ROW_MATRICES}
    for spec in FIELDS.values():
        if is_plain(spec):
            plain.add(spec.id)
            for name in (spec.zh, *spec.aliases):
                add(name, spec.id)
        if spec.matrix in ROW_MATRICES and spec.row:
            target = f"{spec.matrix}.{spec.row}"
            rows[spec.matrix].add(target)
            for name in (spec.row_zh, *spec.row_aliases):
                add(name, target)
    rows["table4"] = {block for block, _ in TABLE4_BLOCKS}
    for block, names in TABLE4_BLOCKS:
        for name in names:
            add(name, block)
    row_to_headline: dict[str, str] = {}
    for hid, headline in HEADLINE.items():
        for cells in headline.cells.values():
            if len(cells) == 1 and cells[0].endswith(".total"):
                row_to_headline[cells[0].rsplit(".", 1)[0]] = hid
    return _Index({k: tuple(v) for k, v in exact.items()}, frozenset(plain),
                  {k: frozenset(v) for k, v in rows.items()}, row_to_headline)


# --- training data -------------------------------------------------------------------

NONE_TARGET = ""  #: the classifier's label for "no field id" (names of other_statistics)

def target_of(field_id: str) -> str | None:
    """The target a field id is named by: itself for a plain field, its row for a matrix cell.

    >>> target_of("apply.granted.total"), target_of("request.received"), target_of("review.pending")
    ('apply.granted', 'request.received', None)
    """
    spec = FIELDS.get(field_id)
    if spec is None:
        return None
    if is_plain(spec):
        return spec.id
    if spec.matrix in ROW_MATRICES and spec.row:
        return f"{spec.matrix}.{spec.row}"
    return None


def schema_pairs() -> list[tuple[str, str]]:
    """(name, target) pairs from fields.yaml: every zh and alias, rows and 表四 blocks."""
    return sorted({(name, target) for name, targets in _index().exact.items() for target in targets})


def record_pairs(text: str, record: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, target) pairs from a gold record: each statistic's evidence name → its target,
    each other_statistic's name → NONE_TARGET."""
    pairs: list[tuple[str, str]] = []
    for field_id, stat in (record.get("statistics") or {}).items():
        span = (stat.get("evidence") or {}).get("name")
        target = target_of(field_id)
        if target is None or not span or span[1] <= span[0]:
            continue
        pairs.append((text[span[0]:span[1]], target))
    for other in record.get("other_statistics") or []:
        if other.get("name"):
            pairs.append((str(other["name"]), NONE_TARGET))
    return pairs


def synth_pairs() -> list[tuple[str, str]]:
    """(name, target) pairs of the synthetic generator: the indicator phrasings its prose
    uses per field id, and its indicators that map to none ([] when it is not installed).

    Read from the generator's phrase pools rather than from generated documents: the
    pools are what its documents draw their names from, and reading them costs nothing
    at first use (generating documents would cost seconds).
    """
    try:
        from gik_nlp.synth import lexicon
    except ImportError:
        return []
    pairs: list[tuple[str, str]] = []
    for table in ("PROSE_NAMES", "PROSE_NAMES_2019"):
        for field_id, names in (getattr(lexicon, table, None) or {}).items():
            target = target_of(field_id)
            if target:
                pairs.extend((str(name), target) for name in names)
    for entry in getattr(lexicon, "OTHER_INDICATORS", ()):
        pairs.append((str(entry[0] if isinstance(entry, tuple) else entry), NONE_TARGET))
    for name in getattr(lexicon, "CATEGORY_NAMES", ()):
        pairs.append((str(name), NONE_TARGET))
    return pairs


def document_pairs(doc: Any) -> list[tuple[str, str]]:
    """(name, target) pairs one gold document teaches (``.text``, ``.spans``, ``.record``, ``.format``):
    its statistics' evidence names; the names its gold spans pair with a value that belongs to exactly
    one gold statistic (record.gold_name_pairs: the openings' records rarely carry name offsets); its
    other_statistics names as "no field" only in a pre-2019 report — in a 2019/2021 report such a name
    may be a pre-2019-only field's (website, weibo counts), which is no field there only by format."""
    from gik_nlp.assemble.record import gold_name_pairs

    pairs = [(name, target) for name, target in record_pairs(doc.text, doc.record)
             if target != NONE_TARGET or getattr(doc, "format", "pre2019") == "pre2019"]
    return pairs + gold_name_pairs(doc.text, getattr(doc, "spans", ()), doc.record)


def training_pairs(documents: Iterable[Any] = ()) -> list[tuple[str, str]]:
    """Every (cleaned name, target) pair the classifier is fitted on, deduplicated and sorted:
    fields.yaml's names, the generator's phrase pools, and what the gold ``documents`` teach
    (``document_pairs``: the training split's real documents)."""
    pairs = set()
    documented = [pair for doc in documents for pair in document_pairs(doc)]
    for name, target in schema_pairs() + documented + synth_pairs():
        key = clean_name(name)
        if key:
            pairs.add((key, target))
    return sorted(pairs)


# --- the classifier ------------------------------------------------------------------


@dataclass
class NameClassifier:
    """A character n-gram classifier over cleaned names, fitted once, then read-only.

    Fitted with scikit-learn (TF-IDF over character 1–3-grams, sublinear tf, l2 norm; a
    one-vs-rest linear model with log loss), then kept as plain arrays: the vocabulary,
    the idf weights and the coefficients. Scoring a name reads those arrays directly,
    which is what a JSON copy of the model would hold, and is ~50 times faster than
    going through scikit-learn's input validation for one short string.
    """

    vocabulary: dict[str, int]
    idf: Any            # numpy array (n_features,)
    coef: Any           # numpy array (n_labels, n_features)
    intercept: Any      # numpy array (n_labels,)
    labels: tuple[str, ...]
    ngram_range: tuple[int, int] = (1, 3)

    @classmethod
    def fit(cls, pairs: Iterable[tuple[str, str]]) -> NameClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier

        pairs = list(pairs)
        ngram_range = (1, 3)
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=ngram_range, sublinear_tf=True,
                                     lowercase=False)
        features = vectorizer.fit_transform([name for name, _ in pairs])
        # log loss gives probabilities; SGD fits ~100 classes in a fraction of a second,
        # where lbfgs logistic regression took over 2 s on the same data.
        model = SGDClassifier(loss="log_loss", alpha=1e-4, max_iter=40, tol=None, random_state=0)
        model.fit(features, [target for _, target in pairs])
        return cls({str(k): int(v) for k, v in vectorizer.vocabulary_.items()}, vectorizer.idf_.copy(),
                   model.coef_.copy(), model.intercept_.copy(), tuple(str(c) for c in model.classes_),
                   ngram_range)

    def features(self, name: str) -> Any:
        """The name's TF-IDF vector (sublinear tf, l2-normalised), as scikit-learn computes it."""
        import numpy as np

        counts: dict[int, int] = {}
        low, high = self.ngram_range
        for n in range(low, high + 1):
            for i in range(len(name) - n + 1):
                index = self.vocabulary.get(name[i:i + n])
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
        vector = np.zeros(len(self.idf))
        for index, count in counts.items():
            vector[index] = (1.0 + np.log(count)) * self.idf[index]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    @functools.lru_cache(maxsize=4096)
    def scores(self, name: str) -> dict[str, float]:
        """Probability of each target for a cleaned name (one-vs-rest, normalised)."""
        import numpy as np

        decision = self.coef @ self.features(name) + self.intercept
        if len(self.labels) == 2:  # binary: one column of coefficients
            positive = 1.0 / (1.0 + np.exp(-decision[0]))
            return {self.labels[0]: 1.0 - positive, self.labels[1]: positive}
        probabilities = 1.0 / (1.0 + np.exp(-decision))
        probabilities /= probabilities.sum() or 1.0
        return {label: float(p) for label, p in zip(self.labels, probabilities)}

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def save(self, folder: Path, info: dict[str, Any] | None = None) -> tuple[str, str]:
        """Write ``names.json`` (vocabulary, labels, n-gram range, ``info``) and ``names.safetensors``
        (idf, coefficients, intercepts) into ``folder``; return the two file names."""
        from safetensors.numpy import save_file

        folder.mkdir(parents=True, exist_ok=True)
        save_file({"idf": self.idf.astype("float32"), "coef": self.coef.astype("float32"),
                   "intercept": self.intercept.astype("float32")}, str(folder / NAMES_WEIGHTS))
        (folder / NAMES_JSON).write_text(json.dumps(
            {"labels": list(self.labels), "ngram_range": list(self.ngram_range), "info": info or {},
             "vocabulary": self.vocabulary}, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
        (folder / NAMES_WEIGHTS).chmod(0o644)  # safetensors writes 0600; a model folder is shared
        return NAMES_JSON, NAMES_WEIGHTS

    @classmethod
    def load(cls, folder: Path) -> NameClassifier:
        """Read what ``save`` wrote; ValueError naming the file when it is malformed."""
        from safetensors.numpy import load_file

        path = folder / NAMES_JSON
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            arrays = load_file(str(folder / NAMES_WEIGHTS))
            clf = cls({str(k): int(v) for k, v in meta["vocabulary"].items()}, arrays["idf"].astype("float64"),
                      arrays["coef"].astype("float64"), arrays["intercept"].astype("float64"),
                      tuple(str(x) for x in meta["labels"]), tuple(meta.get("ngram_range", (1, 3))))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a name classifier ({exc})") from exc
        if clf.coef.shape != (len(clf.labels) if len(clf.labels) > 2 else 1, len(clf.idf)):
            raise ValueError(f"{folder / NAMES_WEIGHTS}: coefficients {clf.coef.shape} do not fit "
                             f"{len(clf.labels)} labels × {len(clf.idf)} features")
        return clf


#: The model-folder files of a name classifier.
NAMES_JSON = "names.json"
NAMES_WEIGHTS = "names.safetensors"

_classifier_lock = threading.Lock()
_ACTIVE: contextvars.ContextVar[NameClassifier | None] = contextvars.ContextVar("gik_names", default=None)


@functools.cache
def _classifier_cached() -> NameClassifier:
    return NameClassifier.fit(training_pairs())


def fit_names(documents: Sequence[Any]) -> NameClassifier:
    """The classifier fitted on the schema, the phrase pools and these documents' gold statistics."""
    return NameClassifier.fit(training_pairs(documents))


@contextlib.contextmanager
def using(names: NameClassifier | None) -> Iterator[None]:
    """While active (in this thread/context), ``names`` is the classifier in force; None changes nothing."""
    if names is None:
        yield
        return
    token = _ACTIVE.set(names)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def classifier() -> NameClassifier:
    """The classifier in force: the model's (``using``), else one fitted at first use from
    fields.yaml and the phrase pools, cached for the process."""
    active = _ACTIVE.get()
    if active is not None:
        return active
    with _classifier_lock:
        return _classifier_cached()


# --- matching ------------------------------------------------------------------------


def _allowed(context: FieldContext) -> frozenset[str]:
    index = _index()
    if context.matrix:
        return index.rows.get(context.matrix, frozenset())
    # A plain indicator may also be a matrix row stated in prose (本年新收政府信息公开申请…),
    # which names a headline field.
    allowed = index.plain | frozenset(index.row_to_headline)
    if context.format in ("2019", "2021"):
        # The national formats of 2019 on count no pre-2019-only field (政府网站公开政府信息数 …);
        # headline fields are comparable across formats and stay.
        allowed = frozenset(t for t in allowed if t in index.row_to_headline or t in HEADLINE
                            or context.format in FIELDS[t].formats)
    return allowed


def _resolve(targets: Iterable[str], context: FieldContext) -> str | None:
    """One target out of names printed alike, by the section families in force."""
    targets = list(dict.fromkeys(targets))
    if len(targets) == 1:
        return targets[0]
    if context.families:
        inside = [t for t in targets if t.split(".")[0] in context.families]
        if len(inside) == 1:
            return inside[0]
    return None


def _siblings(target: str) -> list[str]:
    """Targets printed with the same cleaned name as ``target`` (被依法纠错数 → review/litigation)."""
    index = _index()
    names = [name for name, targets in index.exact.items() if target in targets]
    siblings = [target]
    for name in names:
        siblings.extend(t for t in index.exact[name] if t not in siblings)
    return siblings


def match_target(name: str, context: FieldContext | None = None) -> tuple[str | None, float]:
    """The target (field id, matrix row or 表四 block) a printed name denotes, and a confidence.

    >>> match_target("（二）被依法纠错数", FieldContext(families=frozenset({"litigation"})))
    ('litigation.corrected', 1.0)
    >>> match_target("其他情形数")
    (None, 0.0)
    >>> match_target("（一）予以公开", FieldContext(matrix="apply"))
    ('apply.granted', 1.0)
    """
    context = context or FieldContext()
    key = clean_name(name)
    if not key or any(marker in key for marker in CUMULATIVE_MARKERS):
        return None, 0.0
    key = key.replace(RUNNING_TOTAL, "")
    if not key:
        return None, 0.0
    allowed = _allowed(context)
    exact = [t for t in _index().exact.get(key, ()) if t in allowed]
    if exact:
        target = _resolve(exact, context)
        return (target, 1.0) if target else (None, 0.0)
    scores = classifier().scores(key)
    ranked = sorted(((p, t) for t, p in scores.items() if t in allowed), reverse=True)
    if not ranked:
        return None, 0.0
    probability, target = ranked[0]
    siblings = [t for t in _siblings(target) if t in allowed]
    # Names printed alike (被依法纠错数 of 复议 and of 诉讼) share their probability mass:
    # pool it, then let the section decide.
    probability = min(1.0, sum(scores.get(t, 0.0) for t in siblings))
    if probability < MATCH_THRESHOLD or scores.get(NONE_TARGET, 0.0) > probability:
        return None, probability
    if len(siblings) > 1:
        resolved = _resolve(siblings, context)
        return (resolved, probability) if resolved else (None, probability)
    return target, probability


def nearest_field(name: str) -> str | None:
    """The plain field a name most resembles, however weakly (no threshold, no section).

    For a figure that already agrees with a table value: "受训人员达300人" restating the
    table's 接受培训人员数 300 is recognised by the number, so resemblance is enough.
    """
    key = clean_name(name)
    if not key:
        return None
    index = _index()
    scores = classifier().scores(key)
    ranked = sorted(((p, t) for t, p in scores.items() if t in index.plain or t in index.row_to_headline),
                    reverse=True)
    if not ranked:
        return None
    target = ranked[0][1]
    return index.row_to_headline.get(target, target)


def match_field(name: str, context: FieldContext | None = None) -> tuple[str | None, float]:
    """The field id a printed indicator denotes, and a confidence in [0, 1].

    A matrix row header gives a cell id only with ``context.column``; a prose name of a
    matrix row gives its headline field (``本年新收政府信息公开申请`` → request.received).

    >>> match_field("2.政府网站公开政府信息数")
    ('proactive.website', 1.0)
    >>> match_field("（一）予以公开", FieldContext(matrix="apply", column="total"))
    ('apply.granted.total', 1.0)
    >>> match_field("本年新收政府信息公开申请数量")
    ('request.received', 1.0)
    >>> match_field("历年累计主动公开政府信息"), match_field("累计主动公开政府信息")
    ((None, 0.0), ('proactive.total', 1.0))
    """
    context = context or FieldContext()
    target, confidence = match_target(name, context)
    if target is None:
        return None, confidence
    if context.matrix:
        if not context.column:
            return None, confidence
        cell = f"{target}.{context.column}"
        return (cell, confidence) if cell in FIELDS else (None, 0.0)
    target = _index().row_to_headline.get(target, target)
    return (target, confidence) if target in FIELDS else (None, 0.0)


def matrix_columns() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Per matrix, its columns as (column id, printed names), in fields.yaml's order."""
    out: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for name, spec in MATRICES.items():
        columns = spec["columns"]
        items = columns.items() if isinstance(columns, dict) else ((c["id"], c) for c in columns)
        out[name] = tuple((cid, (c["zh"], *c.get("aliases", ()))) for cid, c in items)
    return out


__all__ = ["CUMULATIVE_MARKERS", "MATCH_THRESHOLD", "RUNNING_TOTAL", "NAMES_JSON", "NAMES_WEIGHTS", "FieldContext", "NameClassifier", "clean_name",
           "classifier", "families_in", "fit_names", "using",
           "match_field", "match_target", "matrix_columns", "nearest_field", "record_pairs", "simplified",
           "target_of", "training_pairs"]
