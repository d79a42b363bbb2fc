"""API keys: storage as hashes, lookup, the header/URL rules, 401/403, the keys CLI, startup."""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag_service import __main__ as service_main
from rag_service import keys as keys_cli
from rag_service.http.app import create_app
from rag_service.security import URL_KEY_DETAIL, KeyRing, KeysError, hash_key
from rag_service.security.exposure import QueryStringFilter, exposure_problem, is_loopback
from rag_service.security.keyring import parse_env_keys
from rag_service.settings import Settings
from tests.factories import HashEmbedder

ROLE_NAMES = ("agent", "viewer", "admin")


def make_keys() -> dict[str, str]:
    """A fresh random key per role (role -> key)."""
    return {role: keys_cli.new_key() for role in ROLE_NAMES}


def env_value(keys: dict[str, str]) -> str:
    """``RAG_API_KEYS`` for the keys: ``id:role:sha256`` entries, key id ``<role>-1``."""
    return ",".join(f"{role}-1:{role}:{hash_key(key)}" for role, key in keys.items())


def keyed_settings(index_dir: Path, tmp: Path, keys: dict[str, str]) -> Settings:
    return Settings(
        index_dir=index_dir,
        api_keys=env_value(keys),
        audit_path=tmp / "audit.jsonl",
        feedback_path=tmp / "feedback.jsonl",
        rate_limit=0,
    )


@pytest.fixture(scope="module")
def role_keys() -> dict[str, str]:
    return make_keys()


@pytest.fixture(scope="module")
def keyed(
    laser_index: Path, role_keys: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = keyed_settings(laser_index, tmp_path_factory.mktemp("keyed"), role_keys)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        yield client


# -- the key ring ------------------------------------------------------------------------


def test_lookup_finds_the_role_of_a_key_and_nothing_else() -> None:
    keys = make_keys()
    ring = KeyRing(env_keys=env_value(keys))
    assert ring.required
    for role, key in keys.items():
        found = ring.lookup(key)
        assert found is not None and found.role == role and found.key_id == f"{role}-1"
    assert ring.lookup(keys["agent"] + "x") is None
    assert ring.lookup(keys["agent"][:-1]) is None
    assert ring.lookup("") is None
    assert ring.lookup(hash_key(keys["agent"])) is None  # the stored hash is not a key


def test_env_keys_as_json_list() -> None:
    key = keys_cli.new_key()
    text = json.dumps([{"id": "ana", "role": "viewer", "sha256": hash_key(key)}])
    found = KeyRing(env_keys=text).lookup(key)
    assert found is not None and (found.key_id, found.role) == ("ana", "viewer")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ana:boss:" + "0" * 64, "role 'boss'"),
        ("ana:agent:1234", "sha256"),
        ("ana:agent:" + "z" * 64, "not hex"),
        ("ana:agent", "id:role:sha256"),
        ("ana:agent:" + "0" * 64 + ",ana:viewer:" + "1" * 64, "twice"),
        ('[{"role": "agent"}]', "without an id"),
        ("[not json", "invalid JSON"),
    ],
)
def test_bad_key_entries_are_refused_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(KeysError, match="RAG_API_KEYS") as info:
        parse_env_keys(text)
    assert message in str(info.value)


def test_no_keys_configured_means_not_required() -> None:
    assert not KeyRing().required
    assert not KeyRing(env_keys="  ").required


def test_keys_file_changes_are_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    first = keys_cli.add(path, "ana", "agent")
    ring = KeyRing(keys_file=path, check_every=0.0)
    assert ring.lookup(first) is not None
    time.sleep(0.01)  # a different mtime for the rewrite
    second = keys_cli.add(path, "bia", "viewer")
    keys_cli.remove(path, "ana")
    assert ring.lookup(first) is None
    found = ring.lookup(second)
    assert found is not None and found.role == "viewer"
    path.write_text("{broken", encoding="utf-8")  # a bad edit keeps the keys read before
    assert ring.lookup(second) is not None


def test_missing_keys_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeysError, match="not found"):
        KeyRing(keys_file=tmp_path / "nope.json")


# -- where the service may listen ---------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)
    assert exposure_problem(host, KeyRing()) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.0.10", "10.0.0.1", "example.com", ""])
def test_other_hosts_need_keys(host: str) -> None:
    assert not is_loopback(host)
    problem = exposure_problem(host, KeyRing())
    assert problem is not None and "without API keys" in problem
    assert exposure_problem(host, KeyRing(env_keys=env_value(make_keys()))) is None


def test_main_refuses_to_listen_on_all_addresses_without_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("RAG_API_KEYS", raising=False)
    monkeypatch.delenv("RAG_KEYS_FILE", raising=False)
    started: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(a))
    code = service_main.main(["--host", "0.0.0.0", "--index-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and started == []
    assert len(err.strip().splitlines()) == 1
    assert "refusing to listen on '0.0.0.0' without API keys" in err


def test_main_refuses_an_unreadable_keys_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("RAG_KEYS_FILE", str(tmp_path / "missing.json"))
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: pytest.fail("must not start"))
    code = service_main.main(["--host", "127.0.0.1", "--index-dir", str(tmp_path)])
    assert code == 2
    assert "keys file not found" in capsys.readouterr().err


def test_main_with_keys_may_listen_everywhere(tmp_path: Path) -> None:
    settings = Settings(host="0.0.0.0", index_dir=tmp_path, api_keys=env_value(make_keys()))
    assert service_main.access_refusal(settings) is None
    assert service_main.access_refusal(Settings(host="0.0.0.0", index_dir=tmp_path)) is not None


# -- the HTTP side ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/ask", {"question": "senha do iwr3000"}),
        ("GET", "/search?q=senha", None),
        ("GET", "/facts", None),
        ("GET", "/providers", None),
        ("POST", "/admin/reload", None),
    ],
)
def test_no_key_or_unknown_key_is_401_with_www_authenticate(
    keyed: TestClient, method: str, path: str, body: dict[str, str] | None
) -> None:
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}):
        response = keyed.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "senha" not in response.text and "passages" not in response.text


def test_key_in_header_or_bearer_is_accepted(keyed: TestClient, role_keys: dict[str, str]) -> None:
    for headers in (
        {"X-API-Key": role_keys["agent"]},
        {"Authorization": f"Bearer {role_keys['agent']}"},
    ):
        response = keyed.post("/ask", json={"question": "qto custa 100 mega"}, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["redacted"] is False


@pytest.mark.parametrize("name", ["key", "api_key", "apikey", "token", "access_token", "API_KEY"])
def test_key_in_the_url_is_refused(keyed: TestClient, role_keys: dict[str, str], name: str) -> None:
    key = role_keys["agent"]
    for method, path in (("GET", f"/search?q=senha&{name}={key}"), ("GET", f"/facts?{name}={key}")):
        response = keyed.request(method, path)
        assert response.status_code == 400
        assert response.json()["detail"] == URL_KEY_DETAIL
        assert key not in response.text
    # Even with the right header: a key in a URL is a leaked key, never accepted.
    response = keyed.post(f"/ask?{name}={key}", json={"question": "x"}, headers={"X-API-Key": key})
    assert response.status_code == 400


def test_without_keys_everything_is_served_and_url_keys_still_refused(laser_index: Path) -> None:
    settings = Settings(index_dir=laser_index, rate_limit=0)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        ask = client.post("/ask", json={"question": "senha do iwr3000"})
        assert ask.status_code == 200 and ask.json()["status"] == "answered"
        assert ask.json()["redacted"] is False  # the local single user sees everything
        assert client.get("/providers").status_code == 200
        assert client.post("/admin/reload").status_code == 200
        assert client.get("/facts?token=abc").status_code == 400


def test_openapi_documents_the_key_header(keyed: TestClient) -> None:
    schemes = keyed.get("/openapi.json").json()["components"]["securitySchemes"]
    assert any(s.get("name") == "X-API-Key" and s.get("in") == "header" for s in schemes.values())


# -- the keys CLI ----------------------------------------------------------------------------


def test_keys_cli_prints_the_key_once_and_stores_only_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "conf" / "keys.json"
    assert keys_cli.main(["add", "--id", "ana", "--role", "agent", "--file", str(path)]) == 0
    key = capsys.readouterr().out.strip()
    assert len(key) >= 40
    text = path.read_text(encoding="utf-8")
    assert key not in text and hash_key(key) in text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    found = KeyRing(keys_file=path).lookup(key)
    assert found is not None and (found.key_id, found.role) == ("ana", "agent")

    assert keys_cli.main(["add", "--id", "ana", "--role", "viewer", "--file", str(path)]) == 1
    assert "exists" in capsys.readouterr().err
    assert keys_cli.main(["list", "--file", str(path)]) == 0
    listed = capsys.readouterr().out
    assert "ana\tagent" in listed and key not in listed and hash_key(key) not in listed
    assert keys_cli.main(["remove", "--id", "ana", "--file", str(path)]) == 0
    assert KeyRing(keys_file=path).lookup(key) is None
    assert keys_cli.main(["remove", "--id", "ana", "--file", str(path)]) == 1


def test_keys_cli_refuses_a_bad_role(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        keys_cli.main(["add", "--id", "x", "--role", "root", "--file", str(tmp_path / "k.json")])
    with pytest.raises(KeysError, match="role"):
        keys_cli.add(tmp_path / "k.json", "x", "root")


def test_two_new_keys_differ() -> None:
    assert len({keys_cli.new_key() for _ in range(50)}) == 50


# -- logs ------------------------------------------------------------------------------------


def test_access_log_lines_lose_query_values() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/search?q=senha+Xy9&key=SECRETKEY", "1.1", 400),
        None,
    )
    assert QueryStringFilter().filter(record)
    line = record.getMessage()
    assert "SECRETKEY" not in line and "Xy9" not in line
    assert "/search?q=" in line and "key=" in line


# -- feedback ------------------------------------------------------------------------------


def test_feedback_needs_a_key_and_never_stores_a_password(
    laser_index: Path, role_keys: dict[str, str], tmp_path: Path
) -> None:
    settings = keyed_settings(laser_index, tmp_path, role_keys)
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        asked = client.post(
            "/ask", json={"question": "senha do iwr3000"}, headers={"X-API-Key": role_keys["agent"]}
        ).json()
        assert asked["value"] and asked["redacted"] is False
        feedback = {
            "question": asked["question"],
            "provider": asked["provider"],
            "answer": asked["answer"],
            "status": asked["status"],
            "value": asked["value"],
            "unit_ids": [p["id"] for p in asked["passages"]],
            "fact_ids": [f["id"] for f in asked["facts"]],
            "index_version": asked["index_version"],
            "verdict": "resolveu",
        }
        assert client.post("/feedback", json=feedback).status_code == 401
        headers = {"X-API-Key": role_keys["agent"]}
        assert client.post("/feedback", json=feedback, headers=headers).status_code == 201
    stored = settings.feedback_path.read_text(encoding="utf-8")
    assert stored.count("\n") == 1
    assert asked["value"] not in stored
    assert json.loads(stored)["key_id"] == "agent-1"
