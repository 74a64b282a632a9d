"""Shared by the service tests that run a real server over loopback and the page in headless Chromium.

``loopback``: free ports, a bounded wait for /v1/health, an app on an in-process uvicorn.
``chromium``: Debian's ``chromium`` (the Makefile's test set-up installs it), run headless on a URL;
the tests that ask for it skip, saying so, where it is not installed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup

#: Bounded waits: polls of a starting server, and seconds for one Chromium run.
START_POLLS = 600
POLL_S = 0.2
CHROMIUM_TIMEOUT_S = 120

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


class Loopback:
    """Servers on free loopback ports."""

    @staticmethod
    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    @staticmethod
    def wait_ready(base_url: str, alive: Callable[[], bool]) -> None:
        """Poll ``base_url``/v1/health until it answers 200; RuntimeError when ``alive()`` turns
        false or after START_POLLS polls."""
        for _ in range(START_POLLS):
            if not alive():
                raise RuntimeError("the server stopped while starting")
            try:
                if httpx.get(f"{base_url}/v1/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(POLL_S)
        raise RuntimeError(f"{base_url} not ready after {START_POLLS * POLL_S:g} s")

    @contextmanager
    def app(self, app: Any) -> Iterator[str]:
        """``app`` on an in-process uvicorn (a thread) on a free loopback port, ready; its base URL."""
        import uvicorn

        port = self.free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base_url = f"http://127.0.0.1:{port}"
        try:
            self.wait_ready(base_url, thread.is_alive)
            yield base_url
        finally:
            server.should_exit = True
            thread.join(timeout=20)


@dataclass(frozen=True)
class Chromium:
    """Headless Chromium at ``path``."""

    path: str

    def run(self, url: str, profile: Path, *flags: str) -> subprocess.CompletedProcess:
        """Chromium on ``url`` with ``flags``, a fresh ``profile`` folder and virtual time for the page's fetches."""
        return subprocess.run(
            [self.path, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=60000", *flags, url],
            capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S)

    def dump_dom(self, url: str, profile: Path) -> BeautifulSoup:
        """The page's DOM after its scripts ran."""
        result = self.run(url, profile, "--dump-dom")
        assert result.returncode == 0, result.stderr[-2000:]
        return BeautifulSoup(result.stdout, "html.parser")


@pytest.fixture(scope="session")
def loopback() -> Loopback:
    return Loopback()


@pytest.fixture(scope="session")
def chromium() -> Chromium:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium; the Makefile's test set-up does it)")
    return Chromium(path)
