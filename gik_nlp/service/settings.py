"""The service's limits: ``ServiceSettings`` and its defaults (no FastAPI import, so
``gik --help`` stays fast)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Largest request body accepted, in bytes: text reports run to about 500 kB, PDFs to a few MB.
MAX_BODY_BYTES = 20 * 1024 * 1024
#: Seconds one document may take from submission to record, queueing included.
TIMEOUT_S = 60.0
#: Threads that read, tag and assemble; two keep both cores of a small machine busy
#: (one tags in torch while the other runs the Python assembler).
WORKERS = 2
#: Jobs queued or running at once; past it requests get 503 at once.
MAX_PENDING = 64
#: Threads that run batch requests, apart from the single-document workers, so a long
#: batch never holds the threads single requests wait for.
BATCH_WORKERS = 1
#: Batch requests queued or running at once; past it a batch gets 503 at once.
MAX_PENDING_BATCHES = 4
#: Documents in one batch request.
MAX_BATCH = 32
#: Longest file name kept as a record's source.
MAX_NAME_CHARS = 200
#: Seconds a client is told to wait after a 503.
RETRY_AFTER_S = 5


@dataclass(frozen=True)
class ServiceSettings:
    """Limits of one app; every value must be positive (``gik serve`` options set them)."""

    max_body_bytes: int = MAX_BODY_BYTES
    timeout_s: float = TIMEOUT_S
    workers: int = WORKERS
    max_pending: int = MAX_PENDING
    max_batch: int = MAX_BATCH
    batch_workers: int = BATCH_WORKERS
    max_pending_batches: int = MAX_PENDING_BATCHES

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not value > 0:
                raise ValueError(f"ServiceSettings.{name} must be positive, got {value!r}")
