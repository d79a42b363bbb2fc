"""The role matrix, checked on every response: a viewer never receives a password of the index.

Over every credential question of both gold sets plus list questions, for each role and each
endpoint, the raw response text is searched for every credential value of the index. Then: only
admin reloads, keys in URLs are refused, and neither the audit file nor the captured log records
hold a secret value or a key.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.index import load_version
from ingest.records import MIN_SECRET_CHARS
from rag_service.http.app import create_app
from tests.factories import ROOT, HashEmbedder
from tests.rag_service.security.test_auth import ROLE_NAMES, keyed_settings, make_keys

GOLD = [ROOT / "eval" / "gold.jsonl", ROOT / "eval" / "gold_velocinet.jsonl"]
LIST_QUESTIONS = [
    "senhas dos roteadores",
    "lista de equipamentos e senhas",
    "login e senha padrão",
    "qual usuário e senha padrão para acesso aos equipamentos",
    "acesso padrão roteador",
    "tabela de senhas",
]


def _credential_questions() -> list[tuple[str, str]]:
    out = []
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["category"].startswith("credential"):
                out.append((item["provider"], item["q"]))
    return out


QUESTIONS = _credential_questions()


def _leaks(text: str, secrets: list[str]) -> list[str]:
    """The secrets found in a raw response, as written or JSON-escaped."""
    return [s for s in secrets if s in text or json.dumps(s)[1:-1] in text]


def _server_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Records of the service; the test's HTTP client logs the URLs it sends (keys included)."""
    return [r for r in caplog.records if not r.name.startswith("httpx")]


@pytest.fixture(scope="module")
def secrets(both_index: Path) -> list[str]:
    facts = load_version(both_index).facts
    values = sorted({f.value for f in facts if f.kind == "credential"})
    assert len(values) >= 5, "both sheets have credential tables"
    assert all(len(v) >= MIN_SECRET_CHARS for v in values)
    return values


@pytest.fixture(scope="module")
def stack(both_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    keys = make_keys()
    settings = keyed_settings(both_index, tmp_path_factory.mktemp("security"), keys)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        yield {"client": client, "keys": keys, "audit": settings.audit_path}


def _requests(provider: str, question: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("POST", "/ask", {"json": {"question": question, "provider": provider, "top_k": 10}}),
        ("GET", "/search", {"params": {"q": question, "provider": provider, "top_k": 10}}),
    ]


def _all_requests() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for provider, question in QUESTIONS:
        out.extend(_requests(provider, question))
    for provider in ("lasernet", "velocinet"):
        for question in LIST_QUESTIONS:
            out.extend(_requests(provider, question))
        out.append(("GET", "/facts", {"params": {"provider": provider}}))
        out.append(("GET", "/facts", {"params": {"provider": provider, "kind": "credential"}}))
    out.append(("GET", "/providers", {}))
    return out


def test_gold_has_credential_questions() -> None:
    assert len(QUESTIONS) >= 20
    assert {p for p, _ in QUESTIONS} == {"lasernet", "velocinet"}


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_role_matrix_viewer_never_receives_a_password(
    stack: dict[str, Any], secrets: list[str], role: str, caplog: pytest.LogCaptureFixture
) -> None:
    client: TestClient = stack["client"]
    headers = {"X-API-Key": stack["keys"][role]}
    disclosed: set[str] = set()
    checked = 0
    with caplog.at_level(logging.DEBUG):
        for method, path, kwargs in _all_requests():
            response = client.request(method, path, headers=headers, **kwargs)
            assert response.status_code == 200, (path, kwargs, response.text)
            checked += 1
            leaked = _leaks(response.text, secrets)
            if path != "/providers":
                assert response.json()["redacted"] is (role == "viewer")
            if role == "viewer":
                assert leaked == [], (path, kwargs, leaked)
            disclosed.update(leaked)
    assert checked > 80
    if role == "viewer":
        assert disclosed == set()
    else:
        # Agents and admins get the sheet as it is: every password reaches them somewhere.
        assert disclosed == set(secrets)
    assert any(r.name.startswith("rag_service") for r in _server_records(caplog))
    for record in _server_records(caplog):
        message = record.getMessage()
        assert not _leaks(message, secrets), message
        assert not any(key in message for key in stack["keys"].values())


def test_viewer_answer_says_it_is_restricted(stack: dict[str, Any]) -> None:
    client: TestClient = stack["client"]
    question = {"question": "senha do iwr3000", "provider": "lasernet"}
    agent = client.post("/ask", json=question, headers={"X-API-Key": stack["keys"]["agent"]})
    viewer = client.post("/ask", json=question, headers={"X-API-Key": stack["keys"]["viewer"]})
    a, v = agent.json(), viewer.json()
    assert a["status"] == v["status"] == "answered"
    assert a["value"] and v["value"] == "•••••• (restrito)"
    assert [f["id"] for f in a["facts"]] == [f["id"] for f in v["facts"]]  # same answer
    assert a["rule"] == v["rule"] and a["caveats"] != [] and len(v["caveats"]) == len(a["caveats"])


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_only_admin_may_reload(stack: dict[str, Any], role: str) -> None:
    response = stack["client"].post("/admin/reload", headers={"X-API-Key": stack["keys"][role]})
    if role == "admin":
        assert response.status_code == 200
        assert response.json()["index_version"]
    else:
        assert response.status_code == 403
        assert "admin" in response.json()["detail"]


@pytest.mark.parametrize("param", ["key", "api_key", "token"])
@pytest.mark.parametrize("path", ["/ask", "/search", "/facts", "/providers", "/admin/reload"])
def test_key_in_query_string_refused_everywhere(
    stack: dict[str, Any], path: str, param: str
) -> None:
    key = stack["keys"]["admin"]
    method = "POST" if path in ("/ask", "/admin/reload") else "GET"
    body = {"question": "senha"} if path == "/ask" else None
    response = stack["client"].request(
        method, path, params={param: key, "q": "senha"}, json=body, headers={"X-API-Key": key}
    )
    assert response.status_code == 400
    assert "X-API-Key header" in response.json()["detail"]


def test_no_secret_or_key_in_the_audit_file(
    stack: dict[str, Any], secrets: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    client: TestClient = stack["client"]
    keys = stack["keys"]
    with caplog.at_level(logging.DEBUG):
        for role in ROLE_NAMES:
            headers = {"X-API-Key": keys[role]}
            for secret in secrets[:3]:  # the agent types a password into the question
                client.post(
                    "/ask",
                    json={"question": f"a senha {secret} não funciona", "provider": "lasernet"},
                    headers=headers,
                )
            client.get(f"/search?q=senha&key={keys[role]}")
            client.post("/ask", json={"question": f"chave {keys[role]}"}, headers=headers)
    text = stack["audit"].read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) > 100  # every request of the module's tests left one line
    assert all(json.loads(line)["endpoint"] in ("/ask", "/search") for line in lines)
    assert _leaks(text, secrets) == []
    assert not any(key in text for key in keys.values())
    assert any(json.loads(line)["secret_disclosed"] for line in lines)
    for record in _server_records(caplog):
        message = record.getMessage()
        assert not _leaks(message, secrets), message
        assert not any(key in message for key in keys.values()), message
