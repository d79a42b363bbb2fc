"""Soak, short form: 4 clients over real HTTP while ingest publishes 30+ times, two sheets.

The service runs in a thread (uvicorn on 127.0.0.1, free port) over an index in tmp_path built
with the HashEmbedder; a publisher thread alternates the shipped sheet and a variant of it
(other passwords, price, port, phone, day count) under the same provider id. Every response
must be a 200 naming one complete version whose sheet gave exactly the value in the answer.
``bench/soak.py`` runs the same checks for 60 s against a real service process and model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from bench.processes import free_port, wait_ready
from bench.soak import (
    PROVIDER,
    QUESTIONS,
    Publisher,
    Record,
    check_records,
    soak,
    write_sheets,
)
from ingest.cli import main as ingest_main
from ingest.index import current_version, load_version
from rag_service.answering.store import engine_builder
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import HashEmbedder

pytestmark = pytest.mark.integration

CLIENTS = 4
SECONDS = 15.0
MIN_PUBLISHES = 30


def _settings(index_dir: Path) -> Settings:
    # Rate limit off: 4 clients asking in a loop from one address are the test, not abuse.
    return Settings(index_dir=index_dir, poll_interval=0.1, rate_limit=0)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Publisher]]:
    index_dir = tmp_path / "index"
    sheets = write_sheets(tmp_path / "sheets")
    embedder = HashEmbedder()

    def publish(sheet: Path) -> str:
        argv = [str(sheet), "--index-dir", str(index_dir), "--provider", PROVIDER, "--quiet"]
        assert ingest_main([*argv, "--keep", "100000"], embedder=embedder) == 0
        version = current_version(index_dir)
        assert version is not None
        return version

    publisher = Publisher(index_dir, sheets, publish)
    publisher.publish_one("a")
    port = free_port()
    app = create_app(_settings(index_dir), embedder=HashEmbedder())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, 30, alive=thread.is_alive)
        yield base, publisher
    finally:
        server.should_exit = True
        thread.join(15)


def _replay(index_dir: Path) -> Callable[[Any], Callable[[str], dict[str, Any]]]:
    settings = _settings(index_dir)
    build = engine_builder(settings.mode, settings.ranking(), HashEmbedder())

    def replay(loaded: Any) -> Callable[[str], dict[str, Any]]:
        engine = build(loaded)
        return lambda question: engine.ask(question, PROVIDER, 3).to_dict()

    return replay


def test_soak_publishing_while_serving_never_fails_nor_mixes(
    served: tuple[str, Publisher],
) -> None:
    base, publisher = served
    started = time.monotonic()
    report = soak(
        base,
        publisher,
        clients=CLIENTS,
        seconds=SECONDS,
        replay=_replay(publisher.index_dir),
        min_publishes=MIN_PUBLISHES,
        publish_pause=0.2,
    )
    for line in report.lines():
        print(line)
    assert time.monotonic() - started < 4 * SECONDS
    assert not report.failures, report.failures[:10]
    assert report.publishes >= MIN_PUBLISHES
    assert report.requests >= 100, "the clients barely asked"
    # Both sheets were served, and several versions: the reload really happened under load.
    assert report.versions_seen >= 10
    assert report.sheets_seen == {"a", "b"}


def test_the_checker_catches_a_mixed_or_unknown_version(tmp_path: Path) -> None:
    # The soak proves something only if its checker fails on a wrong response.
    index_dir = tmp_path / "index"
    sheets = write_sheets(tmp_path / "sheets")
    argv = [str(sheets["b"]), "--index-dir", str(index_dir), "--provider", PROVIDER, "--quiet"]
    assert ingest_main(argv, embedder=HashEmbedder()) == 0
    version = current_version(index_dir)
    assert version is not None
    replay = _replay(index_dir)
    question, value_a, value_b = QUESTIONS[0]
    right = replay(load_version(index_dir))(question)
    assert value_b in f"{right['value']} {right['answer']}"
    wrong = {**right, "value": value_a, "answer": right["answer"].replace(value_b, value_a)}
    records = [
        Record(question, 200, right, None, 0.01),
        Record(question, 200, wrong, None, 0.01),  # sheet a's value in a version of sheet b
        Record(question, 200, {**right, "index_version": "20000101T000000Z-000000"}, None, 0.0),
        Record(question, 503, None, "no index", 0.0),
    ]
    failures, seen = check_records(index_dir, records, {version: "b"}, replay)
    assert seen == {version}
    assert len(failures) == 3, failures
