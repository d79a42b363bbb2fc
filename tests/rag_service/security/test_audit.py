"""The audit trail: one JSON line per /ask and /search, who and what, never a secret or a key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.index import load_version
from ingest.records import secret_values
from rag_service.http.app import create_app
from rag_service.security import Principal, prepare
from rag_service.security.audit import AuditLog, make_record, read_records
from rag_service.security.disclosure import KEY_MARK, SECRET_MARK, scrub
from tests.factories import HashEmbedder
from tests.rag_service.security.test_auth import keyed_settings, make_keys

FIELDS = {
    "time", "endpoint", "key_id", "role", "question", "provider", "unit_ids", "fact_ids",
    "secret_disclosed", "redacted", "withheld", "index_version", "status", "http_status",
    "latency_ms",
}  # fmt: skip


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def served(laser_index: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    keys = make_keys()
    settings = keyed_settings(laser_index, tmp_path, keys)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        yield {"client": client, "keys": keys, "audit": settings.audit_path}


def test_one_line_per_ask_and_search_with_who_and_what(served: dict[str, Any]) -> None:
    client, keys = served["client"], served["keys"]
    agent = {"X-API-Key": keys["agent"]}
    answer = client.post("/ask", json={"question": "senha do iwr3000"}, headers=agent).json()
    search = client.get("/search", params={"q": "multa cancelamento"}, headers=agent).json()
    client.get("/providers", headers=agent)  # not audited
    client.get("/facts", headers=agent)  # not audited
    records = _lines(served["audit"])
    assert [r["endpoint"] for r in records] == ["/ask", "/search"]
    ask, found = records
    assert set(ask) == FIELDS
    assert (ask["key_id"], ask["role"]) == ("agent-1", "agent")
    assert ask["question"] == "senha do iwr3000" and ask["provider"] == "lasernet"
    assert ask["unit_ids"] == [p["id"] for p in answer["passages"]]
    assert ask["fact_ids"] == [f["id"] for f in answer["facts"]] and ask["fact_ids"]
    assert ask["secret_disclosed"] is True and ask["redacted"] is False
    assert ask["index_version"] == answer["index_version"]
    assert ask["status"] == "answered" and ask["http_status"] == 200
    assert ask["latency_ms"] > 0 and ask["time"].endswith("+00:00")
    assert found["unit_ids"] == [p["id"] for p in search["passages"]]
    assert found["fact_ids"] == []


def test_viewer_line_says_redacted_and_no_disclosure(served: dict[str, Any]) -> None:
    client, keys = served["client"], served["keys"]
    response = client.post(
        "/ask", json={"question": "senha do iwr3000"}, headers={"X-API-Key": keys["viewer"]}
    )
    assert response.json()["redacted"] is True
    (line,) = _lines(served["audit"])
    assert line["role"] == "viewer" and line["key_id"] == "viewer-1"
    assert line["secret_disclosed"] is False and line["redacted"] is True
    assert line["fact_ids"]  # which facts were returned is still known


def test_refused_requests_get_a_line_without_a_question(served: dict[str, Any]) -> None:
    client, keys = served["client"], served["keys"]
    client.post("/ask", json={"question": "senha do iwr3000"})
    client.post("/ask", json={"question": "senha"}, headers={"X-API-Key": "not-a-key"})
    client.get("/search", params={"q": "x", "api_key": keys["agent"]})
    client.post("/ask", json={"question": ""}, headers={"X-API-Key": keys["agent"]})
    client.post(
        "/ask", json={"question": "x", "provider": "nenhum"}, headers={"X-API-Key": keys["agent"]}
    )
    records = _lines(served["audit"])
    assert [r["http_status"] for r in records] == [401, 401, 400, 422, 404]
    assert [r["status"] for r in records] == ["error"] * 5
    assert [r["key_id"] for r in records] == [None, None, None, "agent-1", "agent-1"]
    assert all(r["question"] is None for r in records)
    assert keys["agent"] not in served["audit"].read_text(encoding="utf-8")


def test_question_holding_a_secret_or_a_key_is_scrubbed(
    served: dict[str, Any], laser_index: Path
) -> None:
    client, keys = served["client"], served["keys"]
    secrets = secret_values(load_version(laser_index).facts)
    password = secrets[0]
    for role in ("agent", "viewer"):
        question = f"cliente diz que {password} e {password.lower()} não entram"
        response = client.post(
            "/ask", json={"question": question}, headers={"X-API-Key": keys[role]}
        )
        assert response.status_code == 200
    client.post(
        "/ask",
        json={"question": f"minha chave {keys['admin']}"},
        headers={"X-API-Key": keys["admin"]},
    )
    text = served["audit"].read_text(encoding="utf-8")
    for secret in secrets:
        assert secret not in text and secret.lower() not in text
    for key in keys.values():
        assert key not in text
    records = _lines(served["audit"])
    assert records[0]["question"] == f"cliente diz que {SECRET_MARK} e {SECRET_MARK} não entram"
    assert records[2]["question"] == f"minha chave {KEY_MARK}"


def test_a_not_found_line_keeps_what_the_gaps_report_needs_and_no_answer(
    served: dict[str, Any],
) -> None:
    client, keys = served["client"], served["keys"]
    answer = client.post(
        "/ask", json={"question": "qual o dns padrão"}, headers={"X-API-Key": keys["agent"]}
    ).json()
    assert answer["status"] == "not_found" and answer["passages"]
    (line,) = _lines(served["audit"])
    assert set(line) == FIELDS
    assert (line["question"], line["status"], line["provider"]) == (
        "qual o dns padrão", "not_found", "lasernet",
    )  # fmt: skip
    assert line["unit_ids"][0] == answer["passages"][0]["id"]  # the top unit
    assert line["key_id"] == "agent-1" and line["time"]
    kept = json.dumps(line, ensure_ascii=False)
    texts = [p["text"] for p in answer["passages"] if len(p["text"]) > 10]
    assert texts and not any(text in kept for text in texts)  # ids, never what the sheet says


def test_read_records_reads_the_backups_oldest_first(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path, max_bytes=2048, backups=3)
    for i in range(120):
        log.write({"n": i, "pad": "x" * 40})
    log.close()
    path.with_name("audit.jsonl.1").open("a", encoding="utf-8").write("not json\n")
    numbers = [r["n"] for r in read_records(path, backups=3)]
    assert numbers == sorted(numbers) and numbers[-1] == 119 and len(numbers) > 40
    assert read_records(tmp_path / "missing.jsonl") == []


def test_scrub_is_pure_and_keeps_other_words() -> None:
    def is_key(token: str) -> bool:
        return token == "K" * 20

    text = "senha Ab#1xyz ou ab#1XYZ do roteador " + "K" * 20 + " " + "L" * 20
    assert scrub(text, prepare(("Ab#1xyz",)), is_key) == (
        f"senha {SECRET_MARK} ou {SECRET_MARK} do roteador {KEY_MARK} " + "L" * 20
    )
    assert scrub("nada aqui", prepare(()), None) == "nada aqui"


def test_make_record_without_a_handler_note() -> None:
    record = make_record("/ask", {"principal": Principal("ana", "viewer")}, 429, 1.23456)
    assert record["key_id"] == "ana" and record["role"] == "viewer"
    assert record["status"] == "error" and record["http_status"] == 429
    assert record["latency_ms"] == 1.235 and record["unit_ids"] == []


def test_rotation_by_size_keeps_five_backups(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "audit.jsonl"
    log = AuditLog(path, max_bytes=2048)
    for i in range(400):
        log.write({"n": i, "pad": "x" * 40})
    log.close()
    files = sorted(tmp_path.joinpath("logs").glob("audit.jsonl*"))
    names = {f.name for f in files}
    assert names >= {"audit.jsonl", *(f"audit.jsonl.{i}" for i in range(1, 6))}
    assert "audit.jsonl.6" not in names
    for f in files:
        if f.suffix != ".lock":
            assert f.stat().st_size <= 2048
            for line in f.read_text(encoding="utf-8").splitlines():
                json.loads(line)  # every line whole
    newest = _lines(path)
    assert newest[-1]["n"] == 399


def test_two_writers_sharing_a_file_lose_no_line(tmp_path: Path) -> None:
    # Two AuditLog objects stand for two worker processes: rotation by one is followed by the
    # other, under the same lock file.
    path = tmp_path / "audit.jsonl"
    first, second = AuditLog(path, max_bytes=4096, backups=50), AuditLog(path, 4096, 50)
    for i in range(300):
        (first if i % 2 else second).write({"n": i, "pad": "y" * 30})
    first.close()
    second.close()
    seen = []
    for f in tmp_path.glob("audit.jsonl*"):
        if not f.name.endswith(".lock"):
            seen.extend(r["n"] for r in _lines(f))
    assert sorted(seen) == list(range(300))


def test_unwritable_audit_path_does_not_fail_requests(laser_index: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    keys = make_keys()
    settings = keyed_settings(laser_index, tmp_path, keys)
    settings = settings.model_copy(update={"audit_path": blocker / "audit.jsonl"})
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        response = client.post(
            "/ask", json={"question": "qto custa 100 mega"}, headers={"X-API-Key": keys["agent"]}
        )
    assert response.status_code == 200


def test_small_max_bytes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        AuditLog(tmp_path / "a.jsonl", max_bytes=10)
