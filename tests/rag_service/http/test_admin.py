"""``GET /admin/health`` and ``GET /admin/gaps``: for the admin role only; the served version's
findings, and the service's own audit trail and feedback grouped; never a secret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag_service.http.app import create_app
from tests.factories import HashEmbedder
from tests.rag_service.security.test_auth import keyed_settings, make_keys

PASSWORD = "P=a5tr3NeL!w3000"


@pytest.fixture
def stack(laser_index: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    keys = make_keys()
    settings = keyed_settings(laser_index, tmp_path, keys)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        yield {"client": client, "keys": keys, "settings": settings}


def _as(stack: dict[str, Any], role: str) -> dict[str, str]:
    return {"X-API-Key": stack["keys"][role]}


@pytest.mark.parametrize("path", ["/admin/health", "/admin/gaps"])
@pytest.mark.parametrize("role", ["agent", "viewer"])
def test_agents_and_viewers_are_refused(stack: dict[str, Any], path: str, role: str) -> None:
    response = stack["client"].get(path, headers=_as(stack, role))
    assert response.status_code == 403
    assert "admin only" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/admin/health", "/admin/gaps"])
def test_no_key_or_an_unknown_one_is_401(stack: dict[str, Any], path: str) -> None:
    client = stack["client"]
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"X-API-Key": "not-a-key"}).status_code == 401


def test_health_lists_the_served_versions_findings(stack: dict[str, Any]) -> None:
    client = stack["client"]
    body = client.get("/admin/health", headers=_as(stack, "admin")).json()
    assert body["kept"] is True and body["provider"] is None
    assert [(f["line"], f["kind"]) for f in body["findings"]] == [
        (15, "unread-text"),
        (36, "value-missing"),
        (112, "unanswered-question"),
        (134, "repeated-value"),
        (195, "repeated-value"),
    ]
    assert body["by_kind"] == {
        "repeated-value": 2, "unanswered-question": 1, "unread-text": 1, "value-missing": 1,
    }  # fmt: skip
    assert body["index_version"] == client.get("/ready").json()["index_version"]
    one = client.get("/admin/health", params={"provider": "LaserNet"}, headers=_as(stack, "admin"))
    assert one.json()["provider"] == "lasernet" and one.json()["count"] == 5
    unknown = client.get("/admin/health", params={"provider": "x"}, headers=_as(stack, "admin"))
    assert unknown.status_code == 404


def test_gaps_group_what_agents_asked_that_was_not_found(stack: dict[str, Any]) -> None:
    client = stack["client"]
    for role, question in [
        ("agent", "qual o dns"),
        ("agent", "qual o dns padrão"),
        ("admin", "dns?"),
        ("agent", f"a senha {PASSWORD} não funciona no roteador da sala?"),
    ]:
        answer = client.post("/ask", json={"question": question}, headers=_as(stack, role)).json()
        assert answer["status"] == "not_found", question
    client.post("/ask", json={"question": "senha do iwr3000"}, headers=_as(stack, "agent"))
    client.post(
        "/feedback",
        headers=_as(stack, "agent"),
        json={
            "question": "dns padrão",
            "provider": "lasernet",
            "status": "answered",
            "verdict": "nao_resolveu",
            "unit_ids": [],
            "fact_ids": [],
        },
    )
    response = client.get("/admin/gaps", headers=_as(stack, "admin"))
    assert response.status_code == 200
    body = response.json()
    assert body["asked"] == 5
    dns = body["groups"][0]
    assert (dns["count"], dns["agents"], dns["not_found"], dns["nao_resolveu"]) == (4, 2, 3, 1)
    assert dns["topic"].split()[0] == "dns"
    assert dns["closest"]["lines"] == [112, 112] and dns["closest"]["blank"] is True
    assert PASSWORD not in response.text
    later = client.get("/admin/gaps", params={"since": "2999-01-01"}, headers=_as(stack, "admin"))
    assert later.json()["asked"] == 0 and later.json()["groups"] == []
    bad = client.get("/admin/gaps", params={"since": "ontem"}, headers=_as(stack, "admin"))
    assert bad.status_code == 422


def test_gaps_check_again_for_a_secret_the_log_left_in(stack: dict[str, Any]) -> None:
    audit: Path = stack["settings"].audit_path
    audit.parent.mkdir(parents=True, exist_ok=True)
    line = {
        "endpoint": "/ask",
        "status": "not_found",
        "provider": "lasernet",
        "key_id": "x",
        "question": f"senha {PASSWORD.lower()}?",
        "time": "2024-05-01T00:00:00+00:00",
    }
    audit.write_text(json.dumps(line) + "\n", encoding="utf-8")
    response = stack["client"].get("/admin/gaps", headers=_as(stack, "admin"))
    assert response.json()["asked"] == 1
    assert PASSWORD.lower() not in response.text.lower()


def test_the_admin_page_is_served_apart_from_the_agents_page(stack: dict[str, Any]) -> None:
    client = stack["client"]
    page = client.get("/admin")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/admin.js"></script>' in page.text
    assert client.get("/static/admin.js").status_code == 200
    assert "/admin" not in client.get("/").text, "the agents' page does not lead there"
