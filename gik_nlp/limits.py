"""Limits one extraction runs under: a deadline it can be cancelled at, and a size cap.

A thread cannot be killed, so long work is cancelled cooperatively: the service (or any
executor) runs a job inside ``deadline_scope(seconds)``, and the stages call ``check()``
between windows and steps; past the deadline ``check()`` raises ``Cancelled`` and the
thread is free again within one window's work. Outside a scope ``check()`` costs a
thread-local lookup and never raises.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: Largest input accepted by default, in bytes. Real reports run to a few MB; peak memory
#: grows about 17 bytes per input byte above a fixed 340 MB (bench/memory.py, 680 MB at
#: 20 MB), so 24 MiB keeps a process under 1 GB with room to spare (docs/robustness.md).
MAX_DOCUMENT_BYTES = 24 * 1024 * 1024


def max_chars(max_bytes: int) -> int:
    """Longest extracted text accepted with ``max_bytes``: about as many characters as a Chinese
    report of that size holds as UTF-8 (2.5 bytes a character: hanzi take 3, digits and line
    breaks 1), so a compressed .docx or .pdf cannot unpack into more work than the largest
    text file.

    >>> max_chars(3_000)
    1200
    """
    return max_bytes * 2 // 5


class Cancelled(Exception):
    """The work passed its deadline (or was cancelled) and stopped."""


_state = threading.local()


@contextmanager
def deadline_scope(seconds: float | None, cancel: threading.Event | None = None) -> Iterator[None]:
    """Run the body with a deadline ``seconds`` from now (None: no deadline) and an optional
    ``cancel`` event; nested scopes keep the earlier deadline."""
    previous = getattr(_state, "limit", None)
    deadline = None if seconds is None else time.monotonic() + seconds
    if previous is not None and previous[0] is not None and (deadline is None or previous[0] < deadline):
        deadline = previous[0]
    _state.limit = (deadline, cancel or (previous[1] if previous else None))
    try:
        yield
    finally:
        _state.limit = previous


def check() -> None:
    """Raise Cancelled when the current scope's deadline has passed or its event is set.

    >>> check()  # no scope: nothing happens
    >>> with deadline_scope(-1):
    ...     check()
    Traceback (most recent call last):
    ...
    gik_nlp.limits.Cancelled: the deadline passed
    """
    limit = getattr(_state, "limit", None)
    if limit is None:
        return
    deadline, cancel = limit
    if deadline is not None and time.monotonic() > deadline:
        raise Cancelled("the deadline passed")
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
