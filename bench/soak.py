"""Soak: clients ask over HTTP while ingest publishes again and again, alternating two sheets.

    python -m bench.soak [--clients 4] [--seconds 60] [--min-publishes 30] [--workers 1]

Starts ``python -m rag_service`` on a free 127.0.0.1 port over a fresh index in a temporary
folder (real default model, rate limit off, reload polled every 0.1 s), then for ``--seconds``
runs ``--clients`` threads asking a fixed set of rule questions while this process publishes
the shipped sheet and a variant of it (other passwords, price, port, phone, day count) under
the same provider id, one after the other, as fast as ingest goes (the embedding cache makes
each publish cheap after the first two). It then checks every response:

* 200, naming one version that was published and is complete (its folder loads and verifies);
* the exact value matches the sheet that version was built from (no mix of two versions);
* the whole answer equals what an in-process Engine over that version answers.

Prints requests, publishes, failures, versions seen, latencies; exit 1 on any failure. Stops by
itself: every wait has a timeout and the service is stopped at the end. The test
``tests/proofs/test_soak.py`` runs the same checks for a shorter time, server in a thread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.processes import (
    ROOT,
    offline_env,
    service_process,
)
from eval.http_retry import post_retrying
from ingest.index import VERSIONS, load_version, read_manifest

LASERNET = ROOT / "corpus" / "lasernet.txt"
PROVIDER = "lasernet"
STARTUP_TIMEOUT = 300.0
REQUEST_TIMEOUT = 30.0

# The variant sheet: these strings of the shipped sheet replaced (every occurrence). Bench data,
# not code of the service: the service must follow whatever the current version says.
VARIANT_EDITS = [
    ("Lnt12345@", "Vnc77331#"),
    ("P=a5tr3NeL!w3000", "Q=z9rk2Lm!w3000"),
    ("69,90", "72,40"),
    ("9020", "8181"),
    ("(85)3276-5247", "(85)3111-2233"),
    ("Bloqueio Total: 35 Dias", "Bloqueio Total: 40 Dias"),
]
# (question, text the answer's value or answer holds for sheet "a", for sheet "b").
QUESTIONS = [
    ("senha do w5 1200g", "Lnt12345@", "Vnc77331#"),
    ("qual a senha do roteador IWR3000", "P=a5tr3NeL!w3000", "Q=z9rk2Lm!w3000"),
    ("qto custa 100 mega", "69,90", "72,40"),
    ("qual a porta de acesso", "9020", "8181"),
    ("qual o telefone", "(85)3276-5247", "(85)3111-2233"),
    ("com quantos dias bloqueia", "35 Dias", "40 Dias"),
]


def write_sheets(folder: Path) -> dict[str, Path]:
    """The shipped sheet ("a") and its variant ("b"), both named lasernet.txt, in ``folder``."""
    text = LASERNET.read_text(encoding="utf-8")
    variant = text
    for old, new in VARIANT_EDITS:
        if old not in variant:
            raise ValueError(f"{LASERNET}: {old!r} not found: update VARIANT_EDITS")
        variant = variant.replace(old, new)
    sheets = {}
    for name, content in (("a", text), ("b", variant)):
        (folder / name).mkdir(parents=True, exist_ok=True)
        path = folder / name / "lasernet.txt"
        path.write_text(content, encoding="utf-8")
        sheets[name] = path
    return sheets


@dataclass
class Publisher:
    """Publishes sheets a, b, a, b, ... into ``index_dir`` until stopped; knows which is which."""

    index_dir: Path
    sheets: dict[str, Path]
    publish: Callable[[Path], str]  # publishes one sheet, returns the new current version
    variant_of: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def publish_one(self, name: str) -> None:
        started = time.perf_counter()
        try:
            version = self.publish(self.sheets[name])
        except Exception as exc:  # recorded and reported as a failure of the soak
            self.errors.append(f"publish {name}: {exc!r}")
            return
        self.seconds.append(time.perf_counter() - started)
        self.variant_of[version] = name

    def run(self, stop: threading.Event, pause: float = 0.0) -> None:
        turn = 1  # "a" was published before the service started
        while not stop.is_set():
            self.publish_one("ab"[turn % 2])
            turn += 1
            if pause:
                stop.wait(pause)


@dataclass
class Record:
    question: str
    status_code: int | None
    body: dict[str, Any] | None
    error: str | None
    seconds: float


def client_loop(
    base: str,
    stop: threading.Event,
    out: list[Record],
    offset: int,
    client: httpx.Client | None = None,
) -> None:
    """Ask the questions in turn over one keep-alive connection until ``stop``.

    ``client`` replaces the connection to ``base`` (tests).
    """
    turn = offset
    with client or httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as session:
        while not stop.is_set():
            question = QUESTIONS[turn % len(QUESTIONS)][0]
            turn += 1
            started = time.perf_counter()
            waited = 0.0
            try:
                # A 429/503 with Retry-After is waited out (bounded), not counted as a failure.
                sent = post_retrying(session, "/ask", {"question": question, "provider": PROVIDER})
                response, waited = sent.response, sent.waited
                body = response.json() if response.status_code == 200 else None
                error = None if response.status_code == 200 else response.text[:300]
                record = Record(question, response.status_code, body, error, 0.0)
            except (httpx.HTTPError, ValueError) as exc:
                record = Record(question, None, None, repr(exc), 0.0)
            record.seconds = time.perf_counter() - started - waited
            out.append(record)


@dataclass
class Report:
    requests: int
    failures: list[str]
    publishes: int
    versions_published: int
    versions_seen: int
    p50_ms: float
    p95_ms: float
    publish_p50_s: float
    seconds: float
    sheets_seen: frozenset[str] = frozenset()

    def lines(self) -> list[str]:
        return [
            f"duration          {self.seconds:.1f} s",
            f"requests          {self.requests} ({self.requests / self.seconds:.1f}/s)",
            f"failed            {len(self.failures)}",
            f"publishes         {self.publishes} (p50 {self.publish_p50_s:.2f} s each)",
            f"versions seen     {self.versions_seen} of {self.versions_published} published",
            f"/ask latency      p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms",
        ]


def check_records(
    index_dir: Path,
    records: list[Record],
    variant_of: dict[str, str],
    replay: Callable[[Any], Callable[[str], dict[str, Any]]],
) -> tuple[list[str], set[str]]:
    """Failures among the responses and the versions they named.

    ``replay(loaded)`` gives a function answering a question with an Engine over that loaded
    version, the way the service builds it.
    """
    failures: list[str] = []
    expected = {q: {"a": a, "b": b} for q, a, b in QUESTIONS}
    seen: set[str] = set()
    answerers: dict[str, Callable[[str], dict[str, Any]] | None] = {}
    replays: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        if record.status_code != 200 or record.body is None:
            failures.append(f"{record.question!r}: {record.status_code} {record.error}")
            continue
        body = record.body
        version = body.get("index_version")
        if not isinstance(version, str) or version not in variant_of:
            failures.append(f"{record.question!r}: names unknown version {version!r}")
            continue
        seen.add(version)
        if version not in answerers:
            try:
                answerers[version] = replay(load_version(index_dir, version))
            except Exception as exc:
                answerers[version] = None
                failures.append(f"version {version} does not load: {exc}")
        answer = answerers[version]
        if answer is None:
            continue
        want = expected[record.question][variant_of[version]]
        text = f"{body.get('value')} {body.get('answer')}"
        if body.get("status") != "answered" or want not in text:
            failures.append(
                f"{record.question!r} on {version} (sheet {variant_of[version]}): "
                f"expected {want!r}, got {text[:200]!r}"
            )
            continue
        key = (version, record.question)
        if key not in replays:
            replays[key] = answer(record.question)
        same = ("status", "answer", "value", "rule", "source")
        if any(replays[key].get(k) != body.get(k) for k in same):
            failures.append(f"{record.question!r} on {version}: differs from that version's engine")
    return failures, seen


def versions_complete(index_dir: Path, versions: set[str]) -> list[str]:
    """Failures: a named version whose folder is gone or has no valid manifest."""
    failures = []
    for version in sorted(versions):
        if not (index_dir / VERSIONS / version).is_dir():
            failures.append(f"version {version}: folder missing")
            continue
        try:
            read_manifest(index_dir, version)
        except Exception as exc:
            failures.append(f"version {version}: {exc}")
    return failures


def soak(
    base: str,
    publisher: Publisher,
    *,
    clients: int,
    seconds: float,
    replay: Callable[[Any], Callable[[str], dict[str, Any]]],
    min_publishes: int = 30,
    publish_pause: float = 0.0,
) -> Report:
    """Run clients and publisher for ``seconds`` (longer, up to 3x, until ``min_publishes``)."""
    stop_clients = threading.Event()
    stop_publisher = threading.Event()
    outs: list[list[Record]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(target=client_loop, args=(base, stop_clients, outs[i], i), daemon=True)
        for i in range(clients)
    ]
    pub = threading.Thread(target=publisher.run, args=(stop_publisher, publish_pause), daemon=True)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    pub.start()
    while True:
        elapsed = time.monotonic() - started
        enough = len(publisher.variant_of) - 1 >= min_publishes
        if (elapsed >= seconds and enough) or elapsed >= 3 * seconds:
            break
        time.sleep(0.1)
    stop_publisher.set()
    pub.join(60)
    # The clients keep asking a moment so that the last publish is served too.
    time.sleep(0.5)
    stop_clients.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    records = [record for out in outs for record in out]
    failures, seen = check_records(publisher.index_dir, records, publisher.variant_of, replay)
    failures += versions_complete(publisher.index_dir, seen)
    failures += publisher.errors
    latencies = sorted(r.seconds * 1000 for r in records) or [0.0]
    return Report(
        requests=len(records),
        failures=failures,
        publishes=len(publisher.variant_of) - 1,
        versions_published=len(publisher.variant_of),
        versions_seen=len(seen),
        p50_ms=statistics.median(latencies),
        p95_ms=latencies[int(0.95 * (len(latencies) - 1))],
        publish_p50_s=statistics.median(publisher.seconds or [0.0]),
        seconds=elapsed,
        sheets_seen=frozenset(publisher.variant_of[v] for v in seen),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--min-publishes", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--publish-pause", type=float, default=0.5, help="seconds between publishes (0.5)"
    )
    parser.add_argument("--keep-dir", action="store_true", help="do not delete the temp folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)

    from ingest.cli import main as ingest_main
    from ingest.index import current_version, load_embedder
    from ingest.settings import DEFAULT_MODEL
    from rag_service.answering.store import engine_builder
    from rag_service.settings import Settings

    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    index_dir = workdir / "index"
    sheets = write_sheets(workdir / "sheets")
    embedder = load_embedder(DEFAULT_MODEL)

    def publish(sheet: Path) -> str:
        argv = [str(sheet), "--index-dir", str(index_dir), "--provider", PROVIDER]
        # Every version is kept so that each one a response named can be checked afterwards.
        code = ingest_main([*argv, "--quiet", "--keep", "100000"], embedder=embedder)
        if code != 0:
            raise RuntimeError(f"ingest exited {code}")
        version = current_version(index_dir)
        assert version is not None
        return version

    settings = Settings(index_dir=index_dir)
    build = engine_builder(settings.mode, settings.ranking(), embedder)

    def replay(loaded: Any) -> Callable[[str], dict[str, Any]]:
        engine = build(loaded)
        return lambda question: engine.ask(question, PROVIDER, 3)

    publisher = Publisher(index_dir, sheets, publish)
    publisher.publish_one("a")
    try:
        env = offline_env(
            RAG_RATE_LIMIT="0", RAG_POLL_INTERVAL="0.1", RAG_WORKERS=str(args.workers)
        )
        log = workdir / "service.log"
        quiet = ["--log-level", "warning"]
        with service_process(index_dir, log, quiet, env, timeout=STARTUP_TIMEOUT) as (base, _):
            report = soak(
                base,
                publisher,
                clients=args.clients,
                seconds=args.seconds,
                replay=replay,
                min_publishes=args.min_publishes,
                publish_pause=args.publish_pause,
            )
    finally:
        if not args.keep_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"soak: {args.clients} clients, {args.workers} worker(s), real model {DEFAULT_MODEL}")
    for line in report.lines():
        print(line)
    for failure in report.failures[:20]:
        print(f"FAIL {failure}")
    ok = not report.failures and report.publishes >= args.min_publishes
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
