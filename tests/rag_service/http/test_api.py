"""The HTTP contract: every field of /ask, the other endpoints, and bad input never a 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag_service.http.app import create_app
from rag_service.http.middleware import BodyLimitMiddleware
from rag_service.settings import NO_INDEX_DETAIL, Settings
from tests.factories import HashEmbedder


@pytest.fixture(scope="module")
def client(both_index: Path) -> Iterator[TestClient]:
    app = create_app(Settings(index_dir=both_index, mode="hybrid"), embedder=HashEmbedder())
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def single(laser_index: Path) -> Iterator[TestClient]:
    app = create_app(Settings(index_dir=laser_index), embedder=HashEmbedder())
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(index_dir=tmp_path / "none"), embedder=HashEmbedder())
    with TestClient(app) as test_client:
        yield test_client


ASK_FIELDS = {
    "question", "provider", "status", "answer", "source", "rule", "facts", "caveats",
    "confidence", "value", "suggestions", "gap", "passages", "index_version", "took_ms", "redacted",
    "withheld",
}  # fmt: skip


def test_ask_contract_every_field_and_type(client: TestClient) -> None:
    response = client.post(
        "/ask", json={"question": "podemos fazer desbloqueio de confiança", "provider": "velocinet"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ASK_FIELDS
    assert body["question"] == "podemos fazer desbloqueio de confiança"
    assert body["provider"] == "velocinet"
    assert body["status"] == "answered"
    assert isinstance(body["answer"], str) and body["answer"]
    assert body["source"] == "retrieval" and body["rule"] is None
    assert isinstance(body["facts"], list) and isinstance(body["caveats"], list)
    assert isinstance(body["confidence"], float) and 0.0 <= body["confidence"] <= 1.0
    assert body["value"] is None or isinstance(body["value"], str)
    assert len(body["passages"]) == 3
    for passage in body["passages"]:
        assert set(passage) == {"id", "section", "question", "text", "score", "lines", "span"}
        assert passage["span"] == "line", "a TXT sheet's spans are its lines"
        assert isinstance(passage["id"], str) and isinstance(passage["text"], str)
        assert isinstance(passage["section"], str)
        assert passage["question"] is None or isinstance(passage["question"], str)
        assert isinstance(passage["score"], float)
        first, last = passage["lines"]
        assert isinstance(first, int) and 1 <= first <= last
    assert body["answer"] == body["passages"][0]["text"]
    ready = client.get("/ready").json()
    assert body["index_version"] == ready["index_version"]
    assert isinstance(body["took_ms"], float) and body["took_ms"] >= 0.0


def test_not_found_shape(client: TestClient) -> None:
    body = client.post(
        "/ask", json={"question": "qual a capital da frança", "provider": "lasernet", "top_k": 1}
    ).json()
    assert body["status"] == "not_found"
    assert body["answer"] is None and body["source"] is None and body["value"] is None
    assert len(body["passages"]) == 1


def test_provider_optional_with_one_provider_only(single: TestClient, client: TestClient) -> None:
    assert single.post("/ask", json={"question": "qual a porta"}).json()["provider"] == "lasernet"
    response = client.post("/ask", json={"question": "qual a porta"})
    assert response.status_code == 422
    assert "lasernet" in response.json()["detail"] and "velocinet" in response.json()["detail"]
    unknown = client.post("/ask", json={"question": "qual a porta", "provider": "fastnet"})
    assert unknown.status_code == 404
    assert unknown.json()["known_providers"] == ["lasernet", "velocinet"]
    assert "fastnet" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"question": ""}, "empty"),
        ({"question": "   \t\n "}, "empty"),
        ({"question": "\x00\x01\x1f"}, "empty"),
        ({"question": "a" * 1001}, "1000"),
        ({"question": "porta", "top_k": 0}, "greater than or equal to 1"),
        ({"question": "porta", "top_k": 11}, "less than or equal to 10"),
        ({"question": "porta", "top_k": "muitos"}, "integer"),
        ({"question": "porta", "top_k": True}, "integer"),
        ({"question": "porta", "top_k": 2.5}, "integer"),
        ({"question": 42}, "string"),
        ({"provider": "lasernet"}, "required"),
        ([], "dict"),
    ],
)
def test_bad_ask_input_is_422_with_a_message(
    client: TestClient, payload: object, message: str
) -> None:
    if isinstance(payload, dict):
        payload = {"provider": "lasernet", **payload}
    response = client.post("/ask", json=payload)
    assert response.status_code == 422, response.text
    assert message in response.text


def test_invalid_json_and_invalid_utf8_are_4xx(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    bad_json = client.post("/ask", content=b'{"question": "porta",', headers=headers)
    assert bad_json.status_code == 422 and "JSON" in bad_json.text
    bad_utf8 = client.post(
        "/ask", content=b'{"question": "senha \xff\xfe", "provider": "lasernet"}', headers=headers
    )
    assert 400 <= bad_utf8.status_code < 500


def test_control_characters_are_removed_before_reading(client: TestClient) -> None:
    body = client.post(
        "/ask",
        json={"question": "desbloqueio\x00 de\x07 confiança\u200b", "provider": "lasernet"},
    ).json()
    assert body["question"] == "desbloqueio de confiança"
    assert body["status"] == "answered"


def test_body_over_64_kib_is_413_by_header_and_by_stream(client: TestClient) -> None:
    big = b'{"question": "' + b"a" * (70 * 1024) + b'"}'
    by_header = client.post("/ask", content=big, headers={"content-type": "application/json"})
    assert by_header.status_code == 413

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    streamed = client.post("/ask", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert "65536" in streamed.json()["detail"]
    # Just under the limit is read (and then refused for its length, not its size).
    under = b'{"question": "' + b"a" * 60000 + b'", "provider": "lasernet"}'
    ok = client.post("/ask", content=under, headers={"content-type": "application/json"})
    assert ok.status_code == 422


def test_search_facts_providers(client: TestClient) -> None:
    search = client.get("/search", params={"q": "desbloqueio de confiança", "provider": "lasernet",
                                           "top_k": 2})  # fmt: skip
    assert search.status_code == 200
    body = search.json()
    assert len(body["passages"]) == 2 and body["index_version"]
    passage_keys = {"id", "section", "question", "text", "score", "lines", "span"}
    assert set(body["passages"][0]) == passage_keys
    assert client.get("/search", params={"q": " ", "provider": "lasernet"}).status_code == 422
    assert (
        client.get("/search", params={"q": "x", "provider": "lasernet", "top_k": 0}).status_code
        == 422
    )
    assert (
        client.get("/search", params={"q": "x" * 1001, "provider": "lasernet"}).status_code == 422
    )
    assert client.get("/search", params={"q": "porta", "provider": "nada"}).status_code == 404

    facts = client.get("/facts", params={"provider": "velocinet"})
    assert facts.status_code == 200
    for fact in facts.json()["facts"]:
        assert fact["provider"] == "velocinet" and len(fact["lines"]) == 2
    bad_kind = client.get("/facts", params={"provider": "velocinet", "kind": "price"})
    assert bad_kind.status_code == 422 and "credential" in bad_kind.text

    providers = client.get("/providers").json()
    assert {p["id"] for p in providers["providers"]} == {"lasernet", "velocinet"}
    assert all(p["name"] for p in providers["providers"])


def test_health_ready_and_docs(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["index_version"]
    assert client.get("/openapi.json").json()["paths"]["/ask"]
    assert client.get("/docs").status_code == 200


def test_without_index_it_starts_and_says_how_to_build_one(empty: TestClient) -> None:
    assert empty.get("/health").status_code == 200
    ready = empty.get("/ready")
    assert ready.status_code == 503 and ready.json()["detail"] == NO_INDEX_DETAIL
    ask = empty.post("/ask", json={"question": "qual a porta"})
    assert ask.status_code == 503 and ask.json()["detail"] == NO_INDEX_DETAIL
    assert empty.get("/search", params={"q": "porta"}).status_code == 503


def test_body_limit_counts_streamed_bytes_without_content_length() -> None:
    reached: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        reached.append(message["body"])

    def run(chunks: list[bytes]) -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []
        queue = [
            {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
            for i, c in enumerate(chunks)
        ]

        async def receive() -> dict[str, Any]:
            return queue.pop(0)

        async def send(message: Any) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/ask", "headers": []}
        asyncio.run(BodyLimitMiddleware(app, max_bytes=10)(scope, receive, send))
        return sent

    refused = run([b"123456", b"789012"])
    assert refused[0]["status"] == 413 and not reached, "refused before the app reads"
    assert run([b"12345", b"67890"]) == [] and reached == [b"1234567890"]


@pytest.fixture(scope="module")
def full(both_index: Path) -> Iterator[TestClient]:
    app = create_app(Settings(index_dir=both_index, mode="full"), embedder=HashEmbedder())
    with TestClient(app) as test_client:
        yield test_client


def test_rule_answers_come_through_http_with_facts_and_lines(full: TestClient) -> None:
    body = full.post("/ask", json={"question": "senha do w5 1200g", "provider": "lasernet"}).json()
    assert body["source"] == "rule" and body["status"] == "answered"
    assert body["value"] == "Lnt12345@" and body["confidence"] == 1.0
    assert body["rule"] and body["facts"] and body["caveats"]
    assert all(len(f["lines"]) == 2 and f["provider"] == "lasernet" for f in body["facts"])
    assert body["passages"], "passages (lexical) are shown with rule answers too"
    other = full.post("/ask", json={"question": "senha do w5 1200g", "provider": "velocinet"})
    body = other.json()
    assert body["status"] == "not_found" and body["answer"] is None and body["value"] is None
    assert body["source"] == "rule" and any("AX1500-V" in c for c in body["caveats"])


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("RAG_HOST", "127.0.0.2")
    monkeypatch.setenv("RAG_PORT", "8123")
    monkeypatch.setenv("RAG_MIN_CONFIDENCE", "0.5")
    settings = Settings()
    assert (settings.index_dir, settings.host, settings.port) == (tmp_path, "127.0.0.2", 8123)
    assert settings.min_confidence == 0.5
    monkeypatch.setenv("RAG_PORT", "99999")
    with pytest.raises(ValueError, match="65535"):
        Settings()


def test_invalid_code_points_are_dropped_not_a_500(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    mixed = b'{"question": "desbloqueio \\ud800de confian\\u00e7a", "provider": "lasernet"}'
    response = client.post("/ask", content=mixed, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["question"] == "desbloqueio de confiança"
    only = b'{"question": "\\udfff\\u200b\\u0000", "provider": "\\ud800lasernet"}'
    assert client.post("/ask", content=only, headers=headers).status_code == 422
    assert client.get("/search?q=%ED%A0%80%FF&provider=lasernet").status_code in (200, 422)
