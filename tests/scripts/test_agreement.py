"""scripts/agreement.py: span and field agreement between two draft folders (synthetic text, by hand)."""

import importlib.util
import json
import sys
from pathlib import Path

from gik_nlp.corpus.texts import TextRoots

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "agreement.py"
spec = importlib.util.spec_from_file_location("agreement", SCRIPT)
agreement = importlib.util.module_from_spec(spec)
sys.modules["agreement"] = agreement  # dataclasses look their module up there
spec.loader.exec_module(agreement)

TEXT = "甲县人民政府\n2019年主动公开政府信息12条,受理申请3件。\n"


def draft(spans, record):
    return {"id": "x1", "root": "openings", "file": "x1.txt", "format": "2019", "spans": spans, "record": record}


def write(folder: Path, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_spans_and_fields(tmp_path):
    (tmp_path / "real" / "openings").mkdir(parents=True)
    (tmp_path / "real" / "openings" / "x1.txt").write_text(TEXT, encoding="utf-8")
    base = {"title": None, "agency": "甲县人民政府", "year": 2019, "format": "2019", "doc_number": None,
            "published": None, "period": None, "cited_documents": [], "other_statistics": [], "warnings": [],
            "statistics": {"proactive.total": {"value": 12, "unit": "条", "approximate": False}}}
    a = draft([["AGENCY", "甲县人民政府", 0], ["STAT_NAME", "主动公开政府信息", 0], ["STAT_VALUE", "12条", 0],
               ["STAT_NAME", "受理申请", 0], ["STAT_VALUE", "3件", 0]], base)
    b_record = dict(base, agency="甲县", statistics={
        "proactive.total": {"value": 12, "unit": "条", "approximate": False},
        "request.received": {"value": 3, "unit": "件", "approximate": False}})
    # B: same AGENCY and values, a longer first name (2019年 included), no second name
    b = draft([["AGENCY", "甲县人民政府", 0], ["STAT_NAME", "2019年主动公开政府信息", 0], ["STAT_VALUE", "12条", 0],
               ["STAT_VALUE", "3件", 0]], b_record)
    write(tmp_path / "p1", a)
    write(tmp_path / "p2", b)
    res = agreement.compare(tmp_path / "p1", tmp_path / "p2", ["x1"], TextRoots.parse([str(tmp_path / "real")]))
    assert res["documents"] == 1
    assert res["spans"]["STAT_NAME"] == {"A": 2, "B": 1, "agreed": 0, "P": 0.0, "R": 0.0, "F1": 0.0}
    assert res["spans"]["STAT_VALUE"]["F1"] == 1.0
    assert res["spans"]["micro"]["A"] == 5 and res["spans"]["micro"]["B"] == 4 and res["spans"]["micro"]["agreed"] == 3
    assert res["spans"]["micro"]["P"] == 0.75 and res["spans"]["micro"]["R"] == 0.6
    assert res["fields"]["agency"]["differ"] == ["x1"] and res["fields"]["year"]["agree"] == 1
    assert res["statistics_entries"]["agreed"] == 1 and res["statistics_entries"]["B"] == 2
    text = agreement.markdown(res)
    assert "甲" not in text and "主动" not in text  # numbers and ids only, never the text


def test_missing_text_is_skipped_with_a_message(tmp_path, capsys):
    a = draft([["AGENCY", "甲县人民政府", 0]], {"agency": "甲县人民政府"})
    write(tmp_path / "p1", a)
    write(tmp_path / "p2", a)
    empty = tmp_path / "nowhere"
    empty.mkdir()
    res = agreement.compare(tmp_path / "p1", tmp_path / "p2", ["x1"], TextRoots.parse([str(empty)]))
    assert res["documents"] == 0 and res["ids"] == []
    assert len(res["skipped"]) == 1
    assert "x1" in res["skipped"][0] and "openings/x1.txt not found" in res["skipped"][0]
    assert str(empty / "openings") in res["skipped"][0]
    # the command: a clear line on stderr, exit 1, no traceback
    code = agreement.main([str(tmp_path / "p1"), str(tmp_path / "p2"), "--texts", str(empty)])
    err = capsys.readouterr().err
    assert code == 1
    assert "skipped x1" in err and "not found" in err and "nothing to compare" in err
    assert "Traceback" not in err


def test_build_then_compare_without_the_text(tmp_path):
    (tmp_path / "real" / "openings").mkdir(parents=True)
    (tmp_path / "real" / "openings" / "x1.txt").write_text(TEXT, encoding="utf-8")
    texts = TextRoots.parse([str(tmp_path / "real")])
    record = {"title": None, "agency": "甲县人民政府", "year": 2019, "format": "2019", "doc_number": None,
              "published": None, "period": None, "cited_documents": [], "other_statistics": [], "warnings": [],
              "statistics": {"proactive.total": {"value": 12, "unit": "条", "approximate": False}}}
    a = dict(draft([["AGENCY", "甲县人民政府", 0], ["STAT_NAME", "主动公开政府信息", 0], ["STAT_VALUE", "12条", 0]],
                   record), notes=["甲县 quoted in a note"])
    b = draft([["AGENCY", "甲县人民政府", 0], ["STAT_VALUE", "12条", 0]], record)
    write(tmp_path / "pass1", a)
    write(tmp_path / "pass2", b)
    ids = tmp_path / "ids.txt"
    ids.write_text("x1\n", encoding="utf-8")
    lines = agreement.build([tmp_path / "pass1", tmp_path / "pass2"], ["x1"], tmp_path / "out", texts, None)
    assert lines == [f"{tmp_path / 'pass1'}: built 1 of 1 into {tmp_path / 'out' / 'pass1'}",
                     f"{tmp_path / 'pass2'}: built 1 of 1 into {tmp_path / 'out' / 'pass2'}"]
    built = json.loads((tmp_path / "out" / "pass1" / "openings-x1.json").read_text(encoding="utf-8"))
    assert "text" not in built and "notes" not in built
    assert built["spans"] == [{"start": 0, "end": 6, "label": "AGENCY"},
                              {"start": 12, "end": 20, "label": "STAT_NAME"},
                              {"start": 20, "end": 23, "label": "STAT_VALUE"}]
    # the built documents need no text: compare them with no text root at all
    res = agreement.compare(tmp_path / "out" / "pass1", tmp_path / "out" / "pass2", ["x1"], TextRoots.parse([]))
    assert res["skipped"] == [] and res["documents"] == 1
    assert res["spans"]["micro"] == {"A": 3, "B": 2, "agreed": 2, "P": 1.0, "R": 0.6667, "F1": 0.8}
    # a draft folder against a built folder: the same figures
    res2 = agreement.compare(tmp_path / "pass1", tmp_path / "out" / "pass2", ["x1"], texts)
    assert res2["spans"] == res["spans"]


def test_different_texts_are_not_compared(tmp_path):
    for name, sha in (("p1", "a" * 64), ("p2", "b" * 64)):
        doc = {"id": "openings-x1", "text_ref": {"root": "openings", "file": "x1.txt", "sha256": sha},
               "text_sha256": sha, "record": {}, "spans": [{"start": 0, "end": 2, "label": "DATE"}]}
        write_built = tmp_path / name
        write_built.mkdir()
        (write_built / "openings-x1.json").write_text(json.dumps(doc), encoding="utf-8")
    res = agreement.compare(tmp_path / "p1", tmp_path / "p2", ["x1"], TextRoots.parse([]))
    assert res["documents"] == 0 and "different texts" in res["skipped"][0]


REPO = Path(__file__).resolve().parents[2]


def test_the_published_table_from_the_repository():
    """eval/agreement/ reproduces docs/annotation_agreement.md's pass 1 vs pass 2 table (no text needed)."""
    res = agreement.compare(REPO / "eval" / "agreement" / "pass1", REPO / "eval" / "agreement" / "pass2",
                            agreement._ids(None, REPO / "eval" / "agreement" / "pass1",
                                           REPO / "eval" / "agreement" / "pass2"), TextRoots.parse([]))
    assert res["documents"] == 60 and res["skipped"] == []
    rows = {lab: (s["A"], s["B"], s["agreed"]) for lab, s in res["spans"].items()}
    assert rows == {"AGENCY": (258, 258, 253), "DATE": (110, 110, 110), "DOCNO": (26, 26, 26),
                    "STAT_NAME": (327, 323, 289), "STAT_VALUE": (418, 413, 407), "micro": (1139, 1130, 1085)}
    assert res["spans"]["micro"]["F1"] == 0.9564
    se = res["statistics_entries"]
    assert (se["A"], se["B"], se["agreed"]) == (250, 252, 244)
    assert res["fields"]["statistics (full)"]["agree"] == 51
    assert res["fields"]["agency"]["differ"] == ["a008", "d023", "d038", "e040"]


def test_head_reading_against_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    gold = {"x1": {"agency": "甲县人民政府", "published": "2020-01-15", "year": 2019,
                   "doc_number": {"text": "甲政办〔2020〕1号", "normalized": "甲政办〔2020〕1号"}},
            "x2": {"agency": "乙镇", "published": None, "year": 2010, "doc_number": None}}
    for doc_id, record in gold.items():
        built = {"id": doc_id, "text_ref": {"root": "openings", "file": f"{doc_id}.txt"}, "text_sha256": "0" * 64,
                 "spans": [], "record": record}   # a built document: no text is read
        (corpus / f"{doc_id}.json").write_text(json.dumps(built, ensure_ascii=False), encoding="utf-8")
    lines = [{"id": "x1", "agency": "甲县人民政府", "published": "2020-01-15", "year": 2019, "doc_number": "甲政办〔2020〕1号"},
             {"id": "x2", "agency": "乙镇人民政府", "published": None, "year": 2011, "doc_number": None},
             {"id": "x3", "agency": None, "published": None, "year": None, "doc_number": None}]
    records = tmp_path / "second.jsonl"
    records.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    res = agreement.compare_head(corpus, records)
    assert res["documents"] == 2
    assert res["skipped"] == [f"no x3.json in {corpus}"]
    assert {k: (v["agree"], v["differ"]) for k, v in res["fields"].items()} == {
        "agency": (1, ["x2"]), "published": (2, []), "year": (1, ["x2"]), "doc_number": (2, [])}
    assert "| agency | 1/2 | 0.500 | x2 |" in agreement.head_markdown(res)


def test_committed_test_split_head_reading():
    # the blind second reading of the test split's head fields (docs/annotation_agreement.md)
    repo = SCRIPT.parents[1]
    res = agreement.compare_head(repo / "corpus" / "openings", repo / "eval" / "agreement" / "test_head_pass2.jsonl")
    assert res["documents"] == 63 and not res["skipped"]
    assert {k: v["agree"] for k, v in res["fields"].items()} == {"agency": 60, "published": 63, "year": 63,
                                                                "doc_number": 63}
