"""``--workers N``: N processes on one port, each hot-reloading new versions; bounded threads."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.processes import service_process
from ingest.index import current_version
from rag_service.__main__ import main
from rag_service.settings import THREAD_VARS, bound_threads, cpu_count, thread_budget
from tests.factories import HashEmbedder, build_index

WORKERS = 2
ASK = {"question": "qual a porta", "provider": "lasernet"}


def test_thread_budget_shares_the_cpus() -> None:
    assert thread_budget(1, cpus=2) == 2
    assert thread_budget(2, cpus=2) == 1
    assert thread_budget(4, cpus=2) == 1, "never below one"
    assert thread_budget(2, cpus=8) == 4
    assert thread_budget(1) == cpu_count()
    with pytest.raises(ValueError, match="workers must be >= 1, got 0"):
        thread_budget(0)


def test_bound_threads_keeps_what_the_user_set() -> None:
    env = {"OMP_NUM_THREADS": "3", "PATH": "/bin", "MKL_NUM_THREADS": ""}
    chosen = bound_threads(2, env, cpus=4)
    assert env["OMP_NUM_THREADS"] == "3", "the user's choice stays"
    assert chosen == {name: "2" for name in THREAD_VARS if name != "OMP_NUM_THREADS"}
    assert all(env[name] == "2" for name in chosen)


def test_workers_below_one_is_refused() -> None:
    with pytest.raises(SystemExit, match="--workers must be >= 1, got 0"):
        main(["--workers", "0"])


# ---- the real processes ---------------------------------------------------------------------


def workers_of(pid: int) -> set[int]:
    """The worker processes uvicorn spawned from ``pid`` (Linux /proc; not its resource tracker)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                found.add(int(child))
    return found


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def ask(base: str) -> tuple[int, str]:
    """One /ask on a new connection (so the kernel may hand it to either worker)."""
    response = httpx.post(f"{base}/ask", json=ASK, timeout=10, headers={"Connection": "close"})
    assert response.status_code == 200, response.text
    return int(response.headers["X-Worker-Pid"]), response.json()["index_version"]


@pytest.fixture
def multi(tmp_path: Path, sheet_copy: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """``python -m rag_service --workers 2`` (lexical mode) over a fresh index; base URL."""
    index_dir = tmp_path / "index"
    build_index(index_dir, [sheet_copy], HashEmbedder())
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
    env.update({"HF_HUB_OFFLINE": "1", "RAG_RATE_LIMIT": "0"})
    args = ["--workers", str(WORKERS), "--mode", "lexical"]
    log = tmp_path / "service.log"
    with service_process(index_dir, log, args, env, timeout=120, stop_timeout=20) as served:
        base, process = served
        yield base, process, index_dir


@pytest.mark.integration
def test_two_workers_answer_and_both_follow_a_new_version(
    multi: tuple[str, subprocess.Popen[bytes], Path], sheet_copy: Path
) -> None:
    base, process, index_dir = multi
    workers = workers_of(process.pid)
    assert len(workers) == WORKERS, workers
    budget = str(max(1, cpu_count() // WORKERS))
    for pid in workers:
        env = environ_of(pid)
        assert all(env.get(name) == budget for name in THREAD_VARS), env
        assert env.get("RAG_MODE") == "lexical", "the command line reaches the workers"

    first = current_version(index_dir)
    seen: dict[int, set[str]] = {}
    deadline = time.monotonic() + 60
    while set(seen) != workers or len([1 for s in seen.values() if s]) < WORKERS:
        pid, version = ask(base)
        seen.setdefault(pid, set()).add(version)
        assert time.monotonic() < deadline, f"not every worker answered: {seen}"
    assert set(seen) == workers
    assert all(versions == {first} for versions in seen.values()), seen

    sheet_copy.write_text(
        sheet_copy.read_text(encoding="utf-8") + "\nNOTA NOVA\nLinha acrescentada.\n",
        encoding="utf-8",
    )
    second = build_index(index_dir, [sheet_copy], HashEmbedder())
    published = time.monotonic()
    assert second != first
    switched: dict[int, float] = {}
    deadline = published + 30
    while len(switched) < WORKERS:
        pid, version = ask(base)
        if version == second:
            switched.setdefault(pid, time.monotonic() - published)
        else:
            assert version == first and pid not in switched, "a worker went back to the old one"
        assert time.monotonic() < deadline, f"not every worker switched: {switched}"
    assert set(switched) == workers
    assert max(switched.values()) <= 2.0, switched

    process.terminate()
    assert process.wait(20) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "workers stopped too"
