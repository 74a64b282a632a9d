"""Where the installed package keeps its files, and the checkout fallbacks.

Everything a user's command needs by default ships inside the package (``pip install .`` and
the wheel carry it as package data): the default model (``data/models/default``), the field
schema and table templates (``schema/``), the training configs (``data/training``), the web
page (``service/static``). In a checkout ``data/models/default`` and ``data/training`` are
links to ``models/default`` and ``training/``, so both resolve the same way.

Nothing is resolved from the working directory. The only paths outside the package are the
repository's own folders (``corpus/``, ``eval/gold``, ``../shared/real``), used as defaults only
when the package runs from a checkout (``in_repository()``); installed, a command asks for them.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Files shipped with the package.
DATA_DIR = PACKAGE_DIR / "data"
#: The shipped default model.
DEFAULT_MODEL_DIR = DATA_DIR / "models" / "default"
#: The shipped training configs (``training/*.yaml`` of the repository).
TRAINING_CONFIGS_DIR = DATA_DIR / "training"
#: The repository root when the package runs from a checkout (see ``in_repository``).
REPO_ROOT = PACKAGE_DIR.parent


def in_repository() -> bool:
    """Whether the package runs from a checkout (not from site-packages): its parent folder holds
    the project's pyproject.toml."""
    return (REPO_ROOT / "pyproject.toml").is_file()


def training_config(path: str | Path) -> Path:
    """A training config path as given, or the shipped config of that name when the path does
    not exist and names one (``training/crf.yaml`` or ``crf.yaml`` → the package's copy).

    >>> training_config("crf.yaml") == TRAINING_CONFIGS_DIR / "crf.yaml"  # no crf.yaml in the working directory
    True
    >>> str(training_config("training/no-such.yaml")), str(training_config("nowhere/crf.yaml"))
    ('training/no-such.yaml', 'nowhere/crf.yaml')
    """
    path = Path(path)
    if path.exists() or path.parent not in (Path("."), Path("training")):
        return path
    shipped = TRAINING_CONFIGS_DIR / path.name
    return shipped if shipped.is_file() else path


def repository_path(relative: str) -> Path | None:
    """A folder of the checkout (``corpus``, ``eval/gold``) as a default: relative when the working
    directory is the checkout's root (so messages and committed reports stay short), absolute
    otherwise; None when the package is installed (the user must name it)."""
    if not in_repository():
        return None
    if Path.cwd().resolve() == REPO_ROOT:
        return Path(relative)
    return REPO_ROOT / relative


def model_path(path: str | Path) -> Path:
    """A model folder as given; the name ``default``, when no such folder exists here, is the
    shipped default model (``gik evaluate default DATA`` works anywhere).

    >>> model_path("default") == DEFAULT_MODEL_DIR or Path("default").is_dir()
    True
    """
    path = Path(path)
    if str(path) == "default" and not path.exists():
        return DEFAULT_MODEL_DIR
    return path
