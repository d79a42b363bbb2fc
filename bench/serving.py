"""The service under measurement: a process on a free port, sequential asks by kind of answer,
concurrent keep-alive clients, its resident memory. Used by ``bench.portfolio``."""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from bench.processes import ROOT, free_port, offline_env, stop

CLIENTS = 8


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))] if ordered else float("nan")


@contextlib.contextmanager
def service(
    index_dir: Path, log: Path, mode: str = "full", workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """The service on a free port: (base URL, process, seconds from start to /ready 200)."""
    port = free_port()
    command = [sys.executable, "-m", "rag_service", "--index-dir", str(index_dir)]
    command += ["--mode", mode, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    env = offline_env(
        RAG_RATE_LIMIT="0",
        RAG_AUDIT_PATH=str(log.with_suffix(".audit.jsonl")),
        RAG_FEEDBACK_PATH=str(log.with_suffix(".feedback.jsonl")),
    )
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"service exited: {log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("service not ready within 300 s")
            time.sleep(0.01)
        yield base, process, time.perf_counter() - started
    finally:
        stop(process)


def kind_of(body: dict[str, Any]) -> str:
    if body.get("status") != "answered":
        return "not_found"
    return "rule" if body.get("source") == "rule" else "retrieval"


def latencies(base: str, pairs: list[tuple[str, str]], requests: int) -> dict[str, Any]:
    """Sequential /ask: (p50, p95 over HTTP, p50 of took_ms) by kind of answer."""
    by_kind: dict[str, list[tuple[float, float]]] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for turn in range(requests):
            question, provider = pairs[turn % len(pairs)]
            started = time.perf_counter()
            response = client.post("/ask", json={"question": question, "provider": provider})
            wall = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            body = response.json()
            by_kind.setdefault(kind_of(body), []).append((wall, float(body["took_ms"])))
    return {
        kind: (median([w for w, _ in v]), pct([w for w, _ in v], 0.95), median([t for _, t in v]))
        for kind, v in by_kind.items()
    }


class Clients:
    """``CLIENTS`` threads asking in turn over keep-alive connections until stopped."""

    def __init__(self, base: str, pairs: list[tuple[str, str]]) -> None:
        self.base, self.pairs = base, pairs
        self.stop = threading.Event()
        self.done = [0] * CLIENTS
        self.failed: list[str] = []
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(CLIENTS)]

    def _run(self, n: int) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            turn = n * 7
            while not self.stop.is_set():
                question, provider = self.pairs[turn % len(self.pairs)]
                turn += 1
                response = client.post("/ask", json={"question": question, "provider": provider})
                if response.status_code != 200:
                    self.failed.append(f"{response.status_code} {response.text[:100]}")
                self.done[n] += 1

    def __enter__(self) -> Clients:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(120)


def throughput(base: str, pairs: list[tuple[str, str]], seconds: float) -> float:
    with Clients(base, pairs) as clients:
        time.sleep(1.0)  # warm
        before, started = sum(clients.done), time.perf_counter()
        time.sleep(seconds)
        count, took = sum(clients.done) - before, time.perf_counter() - started
    if clients.failed:
        raise RuntimeError(f"{len(clients.failed)} failed requests: {clients.failed[:3]}")
    return count / took


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        line = next(line for line in fh if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024
