"""``POST /ask`` with ``"reveal": false`` (the page's answer-as-you-type previews): an answer
that would disclose a secret comes back with it withheld and is audited as not disclosed; the
version's publication time on ``/ready`` and ``/providers``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.index import load_version, read_manifest
from ingest.records import secret_values
from rag_service.http.app import create_app
from rag_service.security import WITHHELD_MASK
from tests.factories import HashEmbedder
from tests.rag_service.security.test_auth import keyed_settings, make_keys

PASSWORD = "Lnt12345@"  # the sheet's password of the W5-1200G


@pytest.fixture(scope="module")
def served(both_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    keys = make_keys()
    settings = keyed_settings(both_index, tmp_path_factory.mktemp("reveal"), keys)
    facts = load_version(both_index).facts
    secrets = set(secret_values([f for f in facts if f.provider == "lasernet"]))
    with TestClient(create_app(settings, embedder=HashEmbedder())) as client:
        audit = Path(settings.audit_path)
        yield {"client": client, "keys": keys, "audit": audit, "secrets": secrets}


def _ask(served: dict[str, Any], question: str, role: str = "agent", **extra: Any) -> Any:
    return served["client"].post(
        "/ask",
        json={"question": question, "provider": "lasernet", **extra},
        headers={"X-API-Key": served["keys"][role]},
    )


def _last_audit(served: dict[str, Any]) -> dict[str, Any]:
    lines = served["audit"].read_text(encoding="utf-8").splitlines()
    return dict(json.loads(lines[-1]))


def _leaks(body: Any, secrets: set[str]) -> set[str]:
    text = json.dumps(body, ensure_ascii=False)
    return {s for s in secrets if s in text}


def test_a_preview_withholds_the_password_and_enter_shows_it(served: dict[str, Any]) -> None:
    preview = _ask(served, "senha do w5 1200g", reveal=False)
    assert preview.status_code == 200
    body = preview.json()
    assert body["status"] == "answered" and body["withheld"] is True
    assert body["redacted"] is False
    assert body["value"] == WITHHELD_MASK
    assert _leaks(body, served["secrets"]) == set()
    assert [f["secret"] for f in body["facts"]] == [True]
    assert body["facts"][0]["value"] == WITHHELD_MASK and body["facts"][0]["subject"]
    line = _last_audit(served)
    assert line["secret_disclosed"] is False and line["withheld"] is True
    assert line["fact_ids"] == [f["id"] for f in body["facts"]]

    for extra in ({"reveal": True}, {}):  # Enter, and any client that does not say
        shown = _ask(served, "senha do w5 1200g", **extra).json()
        assert shown["value"] == PASSWORD and shown["withheld"] is False
        line = _last_audit(served)
        assert line["secret_disclosed"] is True and line["withheld"] is False


@pytest.mark.parametrize(
    "question",
    [
        "senha do",
        "senha do roteador",
        "senha",
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "senha do iwr3000",
    ],
)
def test_no_preview_ever_carries_a_secret(served: dict[str, Any], question: str) -> None:
    body = _ask(served, question, reveal=False).json()
    assert _leaks(body, served["secrets"]) == set()
    assert _last_audit(served)["secret_disclosed"] is False
    revealed = _ask(served, question).json()
    # What the preview held back is exactly what Enter would have disclosed.
    assert body["withheld"] is bool(_leaks(revealed, served["secrets"]))


def test_a_preview_without_secrets_is_the_answer_itself(served: dict[str, Any]) -> None:
    preview = _ask(served, "qto custa 100 mega", reveal=False).json()
    full = _ask(served, "qto custa 100 mega").json()
    assert preview["withheld"] is False and preview["value"] == full["value"] is not None
    assert {**preview, "took_ms": 0} == {**full, "took_ms": 0}
    assert _last_audit(served)["withheld"] is False


def test_a_password_typed_in_a_preview_is_not_echoed(served: dict[str, Any]) -> None:
    body = _ask(served, f"cliente diz que {PASSWORD} não entra", reveal=False).json()
    assert PASSWORD not in json.dumps(body, ensure_ascii=False)
    assert PASSWORD not in served["audit"].read_text(encoding="utf-8")


def test_a_viewer_preview_is_redacted_not_withheld(served: dict[str, Any]) -> None:
    body = _ask(served, "senha do w5 1200g", role="viewer", reveal=False).json()
    assert body["redacted"] is True and body["withheld"] is False
    assert _leaks(body, served["secrets"]) == set()
    assert _last_audit(served)["secret_disclosed"] is False


@pytest.mark.parametrize("reveal", ["no", 0, "false", None])
def test_reveal_must_be_a_boolean(served: dict[str, Any], reveal: Any) -> None:
    assert _ask(served, "senha do w5 1200g", reveal=reveal).status_code == 422


def test_ready_and_providers_say_when_the_version_was_published(
    served: dict[str, Any], both_index: Path
) -> None:
    created = read_manifest(both_index)["created_at"]
    agent = {"X-API-Key": served["keys"]["agent"]}
    ready = served["client"].get("/ready").json()
    providers = served["client"].get("/providers", headers=agent).json()
    assert ready["index_created_at"] == providers["index_created_at"] == created
    assert ready["index_version"] == providers["index_version"]


def test_entity_gap_names_the_words_to_replace(served: dict[str, Any]) -> None:
    body = _ask(served, "qual o valor do plano de 700 mega").json()
    assert body["gap"]["kind"] == "entity"
    assert body["gap"]["mention"] in body["question"]
    assert body["suggestions"]
