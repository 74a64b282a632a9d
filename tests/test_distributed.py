"""`gik extract --ray` on a small local Ray cluster (2 CPUs): records byte-identical to the
single-process path, bad files as error lines, resume across runs and shards, and an actor
killed mid-run losing and doubling nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.format import load_corpus

ray = pytest.importorskip("ray", reason="the optional extra .[ray] is not installed")

GBK_SEED = "003_0771e97be29a5800"


@pytest.fixture(scope="module")
def seed_texts(corpus_dir: Path) -> dict[str, str]:
    return {d.id: d.text for d in load_corpus(corpus_dir / "real")}


@pytest.fixture(scope="module")
def local_ray():
    """A private local Ray for this module: 2 CPUs, a 100 MB object store, its session files
    in a short temp folder (Ray's socket paths must stay under ~100 characters)."""
    import logging

    temp = tempfile.mkdtemp(prefix="gikray-")
    ray.init(address="local", num_cpus=2, object_store_memory=100 * 1024 * 1024, include_dashboard=False,
             logging_level=logging.WARNING, _temp_dir=temp)
    yield
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)


def _mixed_folder(folder: Path, seed_texts: dict[str, str]) -> Path:
    """The seed reports (one in GBK, one as HTML) next to an empty file, a broken PDF and a
    binary file posing as text."""
    folder.mkdir()
    for doc_id, text in seed_texts.items():
        if doc_id == GBK_SEED:
            (folder / f"{doc_id}.txt").write_bytes(text.encode("gbk"))
        else:
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text(
        "<html><body><p>" + seed_texts["001_7960c88a20672298"].replace("\n", "</p><p>") + "</p></body></html>",
        encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def _lines_by_source(lines: list[str]) -> list[str]:
    return sorted(lines, key=lambda line: json.loads(line)["source"])


def _shard_lines(out_dir: Path) -> list[str]:
    return [line for shard in sorted(out_dir.glob("part-*.jsonl"))
            for line in shard.read_text(encoding="utf-8").splitlines()]


def _errors(path: Path) -> list[tuple[str, str]]:
    return sorted((e["file"], e["kind"]) for e in map(json.loads, path.read_text(encoding="utf-8").splitlines()))


def test_distributed_records_identical_to_single_process(tmp_path, monkeypatch, capsys, local_ray, model_dir,
                                                         seed_texts) -> None:
    monkeypatch.chdir(tmp_path)
    _mixed_folder(Path("in"), seed_texts)
    common = ["extract", "in", "--model", str(model_dir), "--no-progress"]
    assert main([*common, "-o", "single.jsonl"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "9 inputs: 6 succeeded, 3 failed, 0 skipped (already in single.jsonl) → single.jsonl; "
        "failures in single.jsonl.errors.jsonl")
    assert main([*common, "-o", "shards", "--ray", "--workers", "2", "--shard-size", "2"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "9 inputs: 6 succeeded, 3 failed, 0 skipped (already in shards) → shards/ (shards); "
        "failures in shards.errors.jsonl")

    single = Path("single.jsonl").read_text(encoding="utf-8").splitlines()
    distributed = _shard_lines(Path("shards"))
    assert len(single) == 6
    assert _lines_by_source(distributed) == _lines_by_source(single)  # byte for byte
    assert sorted(json.loads(line)["source"] for line in distributed) == [
        "in/000_1dbe1cc0a1fa5ad3.txt", "in/001_7960c88a20672298.txt", "in/002_b5a77726d5a63a67.txt",
        "in/003_0771e97be29a5800.txt", "in/004_5abb703f6c3c372c.txt", "in/sub/page.html"]
    assert len(list(Path("shards").glob("part-*.jsonl"))) >= 3  # several batches, several shards
    want_errors = [("in/broken.pdf", "corrupt"), ("in/empty.txt", "empty"), ("in/noise.txt", "binary")]
    assert _errors(Path("shards.errors.jsonl")) == _errors(Path("single.jsonl.errors.jsonl")) == want_errors
    assert [p.name for p in Path("shards").iterdir() if not p.name.startswith("part-")] == []


def test_distributed_resume_skips_what_earlier_runs_wrote(tmp_path, monkeypatch, local_ray, model_dir,
                                                          seed_texts) -> None:
    import pyarrow.parquet as pq

    from gik_nlp.distributed import extract_on_ray
    from gik_nlp.pipeline import expand_inputs

    monkeypatch.chdir(tmp_path)
    _mixed_folder(Path("in"), seed_texts)
    inputs = expand_inputs(["in"])
    assert [p.name for p in inputs[:2] + inputs[5:7]] == ["000_1dbe1cc0a1fa5ad3.txt", "001_7960c88a20672298.txt",
                                                        "broken.pdf", "empty.txt"]
    first = extract_on_ray(inputs[:2] + inputs[5:7], Path("out.parquet"), "parquet", model_dir, shard_size=1)
    assert (first.succeeded, first.failed, first.skipped) == (2, 2, 0)
    Path("in/001_7960c88a20672298.txt").write_text(seed_texts["002_b5a77726d5a63a67"], encoding="utf-8")

    second = extract_on_ray(inputs, Path("out.parquet"), "parquet", model_dir, resume=True, shard_size=2)
    # 000 is skipped; 001 changed since, so it runs again; the failures of the first run run again.
    assert (second.succeeded, second.failed, second.skipped) == (5, 3, 1)
    table = pq.read_table(Path("out.parquet"))  # every shard, read as one table
    sources = table["source"].to_pylist()
    assert sorted(sources) == sorted([
        "in/000_1dbe1cc0a1fa5ad3.txt", "in/001_7960c88a20672298.txt", "in/001_7960c88a20672298.txt",
        "in/002_b5a77726d5a63a67.txt", "in/003_0771e97be29a5800.txt", "in/004_5abb703f6c3c372c.txt",
        "in/sub/page.html"])
    third = extract_on_ray(inputs, Path("out.parquet"), "parquet", model_dir, resume=True)
    assert (third.succeeded, third.failed, third.skipped) == (0, 3, 6)
    assert pq.read_table(Path("out.parquet")).num_rows == 7


def _descendants_named(marker: bytes) -> list[int]:
    """Processes below this one whose command line holds ``marker`` (Ray titles an actor
    process ``ray::MapWorker(...)``)."""
    parents: dict[int, int] = {}
    titles: dict[int, bytes] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            titles[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = []
    for pid, title in titles.items():
        ancestor = parents.get(pid)
        while ancestor and ancestor != os.getpid():
            ancestor = parents.get(ancestor)
        if ancestor == os.getpid() and marker in title:
            found.append(pid)
    return sorted(found)


def test_distributed_actor_killed_mid_run_loses_and_doubles_nothing(tmp_path, local_ray, model_dir,
                                                                     seed_texts) -> None:
    from gik_nlp.distributed import extract_on_ray

    folder = tmp_path / "in"
    folder.mkdir()
    texts = sorted(seed_texts.values())
    paths = []
    for i in range(40):
        path = folder / f"r{i:02d}.txt"
        path.write_text(texts[i % len(texts)] + f"\n附：第{i}份\n", encoding="utf-8")
        paths.append(path)
    out = tmp_path / "out"
    result: dict = {}
    run = threading.Thread(target=lambda: result.update(
        summary=extract_on_ray(paths, out, "jsonl", model_dir, actors=2, shard_size=2)))
    run.start()
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and run.is_alive() and time.monotonic() < deadline:
        actors = _descendants_named(b"MapWorker")
        if actors and list(out.glob("part-*.jsonl")):  # the pool is at work and has written a shard
            os.kill(actors[0], signal.SIGKILL)
            killed = actors[0]
        time.sleep(0.05)
    run.join(timeout=300)
    assert killed is not None, "the run ended before an actor could be killed"
    assert not run.is_alive()
    summary = result["summary"]
    assert (summary.succeeded, summary.failed, summary.skipped) == (40, 0, 0)
    sources = [json.loads(line)["source"] for line in _shard_lines(out)]
    assert sorted(sources) == sorted(str(p) for p in paths)  # each input once: none lost, none doubled
    assert [p.name for p in out.iterdir() if not p.name.startswith("part-")] == []  # no half-written shard
