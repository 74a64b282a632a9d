"""Shared by the service tests that run a real server over loopback and the page in headless Chromium.

``loopback``: free ports, a bounded wait for /v1/health, an app on an in-process uvicorn.
``chromium``: Debian's ``chromium`` (the Makefile's test set-up installs it), run headless on a URL
(``dump_dom``), or driven over the DevTools pipe (``devtools``: evaluate, click); the tests that ask for it skip, saying so, where it is not installed.
"""

from __future__ import annotations

import json
import os
import select
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


class DevTools:
    """A Chromium page driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
    commands on Chromium's fd 3, answers on its fd 4, each a JSON message ended by NUL), so a test
    can click and read what the page's scripts did; no WebSocket client needed."""

    def __init__(self, process: subprocess.Popen, commands: Any, answers: Any) -> None:
        self.process, self._commands, self._answers = process, commands, answers
        self._buffer, self._id, self.session = b"", 0, ""

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        """The result of one command (in the page's session unless ``session`` is false); an
        AssertionError carries a protocol error."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._commands.write(json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                if not select.select([self._answers], [], [], CHROMIUM_TIMEOUT_S)[0]:
                    raise RuntimeError(f"no answer to {method} from Chromium in {CHROMIUM_TIMEOUT_S} s")
                chunk = self._answers.read(1 << 16)  # unbuffered: what is there, at most this
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            line, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(line)
            if answer.get("id") == self._id:
                assert "error" not in answer, answer["error"]
                return answer["result"]

    def _evaluate(self, expression: str) -> dict[str, Any]:
        return self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page (a promise is awaited); AssertionError when it throws."""
        result = self._evaluate(expression)
        assert "exceptionDetails" not in result, result["result"].get("description", result["exceptionDetails"])
        return result["result"].get("value")

    def wait_for(self, expression: str, polls: int = START_POLLS) -> Any:
        """The first truthy value of ``expression``, polled every POLL_S (throwing counts as not yet:
        the page may still be loading); AssertionError after ``polls``."""
        for _ in range(polls):
            result = self._evaluate(expression)
            value = None if "exceptionDetails" in result else result["result"].get("value")
            if value:
                return value
            time.sleep(POLL_S)
        raise AssertionError(f"{expression!r} still false after {polls * POLL_S:g} s")


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

    @contextmanager
    def devtools(self, url: str, profile: Path) -> Iterator[DevTools]:
        """``url`` open in a page driven over the DevTools pipe; Chromium is closed on leaving."""
        commands_read, commands_write = os.pipe()
        answers_read, answers_write = os.pipe()

        # Chromium reads its DevTools pipe on fds 3 and 4; bash puts the pipes there (preexec_fn is
        # not safe here: the served app runs in a thread of this process).
        redirect = f'exec "$@" 3<&{commands_read} 4>&{answers_write} {commands_read}<&- {answers_write}>&-'
        process = subprocess.Popen(["bash", "-c", redirect, "chromium", self.path, *CHROMIUM_FLAGS,
                                    f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
                                   pass_fds=(commands_read, answers_write),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(answers_write)
        with os.fdopen(commands_write, "wb", buffering=0) as commands, os.fdopen(answers_read, "rb", buffering=0) as answers:
            tools = DevTools(process, commands, answers)
            try:
                target = tools.send("Target.createTarget", {"url": url}, session=False)["targetId"]
                tools.session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                           session=False)["sessionId"]
                yield tools
            finally:
                try:
                    tools.send("Browser.close", session=False)
                except (OSError, RuntimeError, AssertionError):
                    pass
                try:
                    process.wait(timeout=CHROMIUM_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture(scope="session")
def loopback() -> Loopback:
    return Loopback()


@pytest.fixture(scope="session")
def chromium() -> Chromium:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium; the Makefile's test set-up does it)")
    return Chromium(path)
