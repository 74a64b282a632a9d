"""Tagging and training speed of the transformer and the CRF, model size, peak memory.

    python bench/tagging.py [--model models/default] [--crf DIR] [--chars 200000]

Each measurement runs in a fresh process (so its peak memory is its own) and prints
one JSON line; ``run()`` gathers them. Text: the corpus documents, repeated until
``--chars`` characters, tagged as separate documents with ``tag_many`` (end to end:
encoding, windows, model, merging, spans). Training: seconds per 100,000 characters
of one epoch of the transformer's loop (default config) and of a CRF fit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _bench_documents(chars: int):
    from gik_nlp.corpus.format import load_corpus
    from gik_nlp.types import Document

    corpus = load_corpus(REPO / "corpus")
    if not corpus:
        raise SystemExit("bench: corpus/ is empty")
    docs, total, i = [], 0, 0
    while total < chars:
        source = corpus[i % len(corpus)]
        docs.append(Document(f"{source.id}#{i}", source.id, source.text))
        total += len(source.text)
        i += 1
    return docs, total


def worker_tag(model_dir: str, threads: int, chars: int) -> dict:
    import torch

    from gik_nlp.tagging import load_tagger

    torch.set_num_threads(threads)
    return dict(time_tagging(load_tagger(model_dir), chars), threads=threads)


def time_tagging(tagger, chars: int) -> dict:
    """Tag about ``chars`` characters of the corpus with ``tagger`` (after a warm-up): speed and peak RSS."""
    docs, total = _bench_documents(chars)
    tagger.tag_many(docs[:2])  # warm-up
    started, cpu_started = time.perf_counter(), time.process_time()
    spans = tagger.tag_many(docs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # chars per CPU second: what the machine's load does not change (wall figures on a shared machine do)
    return {"model": tagger.name, "kind": tagger.metadata["kind"], "chars": total,
            "seconds": round(seconds, 2), "chars_per_s": round(total / seconds),
            "chars_per_cpu_s": round(total / cpu) if cpu else None, "spans": sum(map(len, spans)),
            "peak_rss_mb": _peak_mb()}


def worker_train_transformer(config_path: str, threads: int, steps: int) -> dict:
    """Seconds per 100k characters of training steps (forward, backward, update) at the config's size."""
    import numpy as np
    import torch

    from gik_nlp.tagging.config import TrainConfig
    from gik_nlp.tagging.model import build_model
    from gik_nlp.tagging.tags import spans_to_tag_ids
    from gik_nlp.tagging.vocab import CharVocab
    from gik_nlp.corpus.format import load_corpus

    config = TrainConfig.from_file(config_path)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    corpus = load_corpus(REPO / "corpus")
    vocab = CharVocab.build(d.text for d in corpus)
    ids = np.concatenate([vocab.encode(d.text) for d in corpus])
    tags = np.concatenate([spans_to_tag_ids(len(d.text), d.spans) for d in corpus])
    model = build_model(config.model, len(vocab), config.window.length)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.optimizer.learning_rate)
    length, batch = config.window.length, config.optimizer.batch_size
    rng = np.random.default_rng(0)

    def step() -> None:
        starts = rng.integers(0, len(ids) - length, size=batch)
        x = torch.from_numpy(np.stack([ids[s:s + length] for s in starts]))
        y = torch.from_numpy(np.stack([tags[s:s + length] for s in starts]))
        loss = model(input_ids=x, labels=y).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step()  # warm-up
    started = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - started
    chars = steps * batch * length
    params = sum(p.numel() for p in model.parameters())
    return {"kind": "transformer", "config": config_path, "threads": threads, "params": params,
            "train_chars_per_s": round(chars / seconds), "seconds_per_100k_chars": round(seconds / chars * 1e5, 1),
            "peak_rss_mb": _peak_mb()}


def worker_train_crf(config_path: str, out_dir: str) -> dict:
    """A CRF fit on the real corpus documents (no synthetic ones); seconds per 100k characters."""
    from dataclasses import replace

    from gik_nlp.tagging.config import TrainConfig
    from gik_nlp.tagging.train import train

    config = TrainConfig.from_file(config_path)
    config = replace(config, data=replace(config.data, synthetic_docs=0, real_repeat=1))
    started = time.perf_counter()
    result = train(config, Path(out_dir), corpus_dir=REPO / "corpus", progress=False)
    seconds = time.perf_counter() - started
    return {"kind": "crf", "config": config_path, "train_chars": result.train_chars, "seconds": round(seconds, 1),
            "seconds_per_100k_chars": round(seconds / result.train_chars * 1e5, 1), "peak_rss_mb": _peak_mb()}


def _spawn(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True, text=True,
                          cwd=REPO, check=False)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed", "args": args}
    return json.loads(done.stdout.strip().splitlines()[-1])


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.iterdir() if p.is_file()) / 2**20, 2)


def run(model: str = "models/default", crf: str | None = None, chars: int = 200_000,
        config: str = "training/default.yaml", crf_config: str = "training/crf.yaml", steps: int = 30) -> dict:
    """All measurements, as a dict of lists of result rows."""
    results: dict = {"tagging": [], "training": [], "size_mb": {}}
    with tempfile.TemporaryDirectory() as tmp:
        crf_dir = crf
        training_crf = _spawn("train_crf", crf_config, str(Path(tmp) / "crf"))
        results["training"].append(training_crf)
        if crf_dir is None:
            crf_dir = str(Path(tmp) / "crf")  # the CRF fitted just now (real documents only)
        results["training"].append(_spawn("train_transformer", config, "2", str(steps)))
        for name, folder in (("transformer", model), ("crf", crf_dir)):
            if not (Path(folder) / "meta.json").is_file():
                results["tagging"].append({"kind": name, "error": f"{folder}: no model"})
                continue
            results["size_mb"][name] = folder_mb(Path(folder))
            for threads in (1, 2):
                results["tagging"].append(_spawn("tag", folder, str(threads), str(chars)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--crf", default=None, help="a CRF model folder (default: fit one on corpus/ real documents)")
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--config", default="training/default.yaml")
    parser.add_argument("--steps", type=int, default=30, help="training steps timed")
    args = parser.parse_args(argv)
    if args.worker:
        kind, *rest = args.worker
        if kind == "tag":
            out = worker_tag(rest[0], int(rest[1]), int(rest[2]))
        elif kind == "train_transformer":
            out = worker_train_transformer(rest[0], int(rest[1]), int(rest[2]))
        else:
            out = worker_train_crf(rest[0], rest[1])
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(json.dumps(run(args.model, args.crf, args.chars, args.config, steps=args.steps), ensure_ascii=False,
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
