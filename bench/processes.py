"""The service as a real process on 127.0.0.1: start, wait until it answers, stop.

Shared by the benchmarks and the tests that need a real server process. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def offline_env(**extra: str) -> dict[str, str]:
    """This process's environment with the model hub off, plus ``extra``."""
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(
    base: str, timeout: float, alive: Callable[[], bool] = lambda: True, path: str = "/ready"
) -> None:
    """Wait until ``path`` answers 200; AssertionError if ``alive()`` turns false or on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise AssertionError("the service exited before it was ready")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}{path}", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{base}{path} not answering 200 within {timeout} s")


def stop(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """Terminate, and kill what does not exit within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@contextlib.contextmanager
def service_process(
    index_dir: Path,
    log: Path,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    wait_for: str | None = "/ready",
    timeout: float = 300.0,
    stop_timeout: float = 15.0,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``python -m rag_service`` on a free local port until the block ends: (base URL, process).

    ``wait_for`` is the path that must answer 200 before the block starts (None: do not wait);
    a failure to start raises AssertionError with the service's log.
    """
    port = free_port()
    command = [sys.executable, "-m", "rag_service", "--index-dir", str(index_dir), *args]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=dict(env) if env is not None else offline_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        if wait_for is not None:
            try:
                wait_ready(base, timeout, alive=lambda: process.poll() is None, path=wait_for)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{log.read_text(errors='replace')}") from None
        yield base, process
    finally:
        stop(process, stop_timeout)
