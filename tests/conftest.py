"""Shared fixtures only. Tests build their own inputs; heavy fixtures are session-scoped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return REPO / "corpus"


@pytest.fixture(scope="session")
def shared_real() -> Path:
    """../shared/real when present (real reports we may read but not copy); skip otherwise."""
    path = SHARED / "real"
    if not path.is_dir():
        pytest.skip("../shared/real is not present on this machine")
    return path
