"""The fixed split's files (gik_nlp.corpus.split): manifest strata in, id<TAB>split lines out and back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gik_nlp.corpus.format import CorpusError
from gik_nlp.corpus.split import manifest_strata, read_split_file, write_split_file


def test_split_manifest_strata(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"id": "a001", "format": "2019", "year": 2020}\n\n'
                        '{"id": "a002", "format": null, "year": 2010}\n'
                        '{"id": "a003", "format": "2021"}\n', encoding="utf-8")
    assert manifest_strata(manifest) == {"openings-a001": "2019/2019-2020", "openings-a002": "unknown/2008-2012",
                                         "openings-a003": "2021/unknown"}
    assert manifest_strata(manifest, root="pingtan")["pingtan-a001"] == "2019/2019-2020"


@pytest.mark.parametrize("name, read, content, error", [
    ("manifest.jsonl", manifest_strata, '{"id": "a001", "format": "2019", "year": 2020}\n\n{"format": "2019"}\n',
     "3: not a manifest entry"),
    ("openings.tsv", read_split_file, "# header\n\nopenings-a001\ttrain\nopenings-a002\ttraining\n",
     "4: expected 'id<TAB>train|dev|test', found "),
])
def test_split_file_errors_name_the_file_and_line(tmp_path: Path, name, read, content, error) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="^" + re.escape(f"{path}:{error}")):
        read(path)
    with pytest.raises(CorpusError, match="^" + re.escape(f"{tmp_path / 'absent'}: cannot read")):
        read(tmp_path / "absent")


def test_split_file_written_and_read(tmp_path: Path) -> None:
    path = tmp_path / "splits" / "openings.tsv"
    write_split_file({"openings-a002": "test", "openings-a001": "train"}, path, header=["the rule"])
    assert path.read_text(encoding="utf-8") == "# the rule\nopenings-a001\ttrain\nopenings-a002\ttest\n"
    assert read_split_file(path) == {"openings-a001": "train", "openings-a002": "test"}
