"""Hot reload: a publish while serving is picked up within 2 s, one version per response."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from ingest.index import CURRENT, LoadedVersion
from rag_service.answering.engine import Engine
from rag_service.answering.store import EngineStore, engine_builder
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import HashEmbedder, build_index

QUESTION = {"question": "podemos enviar fatura?", "provider": "lasernet", "top_k": 1}
OLD_ANSWER = "R: Sim. Podemos encaminhar também o carnê"
NEW_ANSWER = "R: Não. Podemos encaminhar apenas o carnê"


def _edit_sheet(sheet: Path) -> None:
    text = sheet.read_text(encoding="utf-8")
    assert OLD_ANSWER in text
    sheet.write_text(text.replace(OLD_ANSWER, NEW_ANSWER), encoding="utf-8")


def _wait_for_version(client: TestClient, version: str, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if client.get("/ready").json().get("index_version") == version:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"version {version} not served within {limit} s")


def _point_current_at(index_dir: Path, version: str) -> None:
    tmp = index_dir / "CURRENT.test-tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)


def test_publish_while_serving_swaps_within_2s_and_never_mixes(
    tmp_path: Path, sheet_copy: Path
) -> None:
    index_dir = tmp_path / "index"
    old = build_index(index_dir, [sheet_copy], HashEmbedder())
    app = create_app(
        Settings(index_dir=index_dir, mode="hybrid", rate_limit=0), embedder=HashEmbedder()
    )
    with TestClient(app) as client:
        first = client.post("/ask", json=QUESTION).json()
        assert first["index_version"] == old
        assert first["answer"].startswith("Sim. Podemos encaminhar")

        results: list[tuple[str, str]] = []
        errors: list[str] = []
        stop = threading.Event()

        def ask_repeatedly() -> None:
            while not stop.is_set():
                response = client.post("/ask", json=QUESTION)
                if response.status_code != 200:
                    errors.append(response.text)
                    continue
                body = response.json()
                results.append((body["index_version"], body["answer"]))

        threads = [threading.Thread(target=ask_repeatedly) for _ in range(3)]
        for thread in threads:
            thread.start()
        try:
            _edit_sheet(sheet_copy)
            new = build_index(index_dir, [sheet_copy], HashEmbedder())
            assert new != old
            assert _wait_for_version(client, new, 2.0) < 2.0
            time.sleep(0.3)
        finally:
            stop.set()
            for thread in threads:
                thread.join(10)

    assert not errors
    expected = {old: "Sim. Podemos encaminhar", new: "Não. Podemos encaminhar"}
    assert {version for version, _ in results} == {old, new}
    for version, answer in results:
        assert answer.startswith(expected[version]), (version, answer)


def test_corrupt_new_version_keeps_the_old_one_served(tmp_path: Path, sheet_copy: Path) -> None:
    index_dir = tmp_path / "index"
    old = build_index(index_dir, [sheet_copy], HashEmbedder())
    app = create_app(
        Settings(index_dir=index_dir, mode="hybrid", rate_limit=0), embedder=HashEmbedder()
    )
    with TestClient(app) as client:
        bad = "20990101T000000Z-abcdef"
        shutil.copytree(index_dir / "versions" / old, index_dir / "versions" / bad)
        manifest_path = index_dir / "versions" / bad / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        manifest["version"] = bad
        manifest["partitions"][0]["digest"] = "0" * 64  # names a partition that is not there
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        _point_current_at(index_dir, bad)
        time.sleep(1.5)
        ready = client.get("/ready")
        assert ready.status_code == 200 and ready.json()["index_version"] == old
        body = client.post("/ask", json=QUESTION).json()
        assert body["index_version"] == old and body["answer"].startswith("Sim.")
        assert bad in (app.state.services.store.last_error or "")

        _point_current_at(index_dir, "20990101T000000Z-000000")  # no such folder
        time.sleep(1.0)
        assert client.get("/ready").json()["index_version"] == old

        # A good publish afterwards is still picked up.
        _edit_sheet(sheet_copy)
        new = build_index(index_dir, [sheet_copy], HashEmbedder())
        _wait_for_version(client, new, 2.0)
        assert client.post("/ask", json=QUESTION).json()["answer"].startswith("Não.")


def test_store_reloads_only_on_change(tmp_path: Path, sheet_copy: Path) -> None:
    index_dir = tmp_path / "index"
    builds: list[str] = []
    build = engine_builder("lexical", Settings(index_dir=index_dir).ranking())

    def counting(loaded: LoadedVersion, previous: Engine | None) -> Engine:
        builds.append(loaded.version)
        return build(loaded, previous)

    store = EngineStore(index_dir, counting, poll_interval=0.5)
    assert store.refresh() is False and store.engine is None, "no index yet"
    old = build_index(index_dir, [sheet_copy], HashEmbedder())
    assert store.refresh() is True
    assert store.engine is not None and store.engine.version == old
    assert store.refresh() is False
    _point_current_at(index_dir, old)  # same name, new file: no rebuild
    assert store.refresh() is False
    assert builds == [old]
