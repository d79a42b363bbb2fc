"""The page route, its static files and ``POST /feedback`` through FastAPI's TestClient."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rag_service.http.app import create_app
from rag_service.page import routes as page
from rag_service.settings import Settings
from tests.factories import ROOT, HashEmbedder

STATIC = Path(page.__file__).resolve().parent / "static"


def _app(tmp_path: Path, feedback: Path | None = None) -> FastAPI:
    """The real app (no index: the page and feedback work without one)."""
    settings = Settings(
        index_dir=tmp_path / "index",
        feedback_path=feedback or tmp_path / "var" / "feedback.jsonl",
    )
    return create_app(settings, embedder=HashEmbedder())


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(_app(tmp_path))


def _feedback(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "question": "senha do iwr3000",
        "provider": "lasernet",
        "answer": "IWR 3000N\nsenha: P=a5tr3NeL!w3000",
        "status": "answered",
        "value": "P=a5tr3NeL!w3000",
        "unit_ids": ["a1b2c3"],
        "fact_ids": ["f00d"],
        "index_version": "20240501-120000",
        "verdict": "resolveu",
        "comment": None,
    }
    body.update(over)
    return body


def test_page_is_served_with_its_assets(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'id="q"' in html and "autofocus" in html
    assert 'lang="pt-BR"' in html
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        asset = client.get(src)
        assert asset.status_code == 200, src
        assert asset.content
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    # The script's modules, imported by relative name, are served from the same folder.
    for script in STATIC.glob("*.js"):
        for name in re.findall(r'from\s+"\./([^"]+)"', script.read_text(encoding="utf-8")):
            assert client.get(f"/static/{name}").status_code == 200, (script.name, name)


def test_page_has_no_external_assets() -> None:
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text), path.name
        assert "@import" not in text, path.name
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), path.name
        # Modules and requests stay on the page's own host.
        assert not re.search(r"""(?:from|import|fetch)\s*\(?\s*["'`](?:https?:)?//""", text)


@pytest.mark.parametrize("script", sorted(p.name for p in STATIC.glob("*.js")))
def test_script_never_writes_html(script: str) -> None:
    text = (STATIC / script).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in text, sink


@pytest.mark.parametrize(
    "name", ["../page.py", "..%2Fpage.py", ".hidden.js", "nope.js", "index.py", "app.js.map"]
)
def test_static_refuses_anything_outside_the_folder(client: TestClient, name: str) -> None:
    assert client.get(f"/static/{name}").status_code == 404


def test_feedback_is_stored_as_one_json_line(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/feedback", json=_feedback())
    assert response.status_code == 201
    assert response.json()["stored"] is True
    response = client.post(
        "/feedback", json=_feedback(verdict="nao_resolveu", comment="faltou\x00 o login")
    )
    assert response.status_code == 201
    path = tmp_path / "var" / "feedback.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    first, second = records
    assert first["value"] == "P=a5tr3NeL!w3000"
    assert first["answer"] == "IWR 3000N\nsenha: P=a5tr3NeL!w3000"
    assert first["unit_ids"] == ["a1b2c3"] and first["fact_ids"] == ["f00d"]
    assert first["index_version"] == "20240501-120000"
    assert first["verdict"] == "resolveu" and first["time"]
    assert second["comment"] == "faltou o login"
    assert first["id"] == response.json()["id"] or second["id"] == response.json()["id"]


def test_feedback_reasons_are_stored_and_echoed(client: TestClient, tmp_path: Path) -> None:
    reasons = ["provedor_errado", "desatualizado", "incompleto", "nao_achei"]
    response = client.post("/feedback", json=_feedback(verdict="nao_resolveu", reasons=reasons))
    assert response.status_code == 201
    assert response.json()["verdict"] == "nao_resolveu"
    assert response.json()["reasons"] == reasons
    path = tmp_path / "var" / "feedback.jsonl"
    (record,) = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert record["reasons"] == reasons
    unknown = client.post("/feedback", json=_feedback(verdict="nao_resolveu", reasons=["caro"]))
    assert unknown.status_code == 422
    assert path.read_text(encoding="utf-8").count("\n") == 1  # nothing stored for a bad one


@pytest.mark.parametrize(
    "over",
    [
        {"verdict": "sim"},
        {"question": " "},
        {"status": "talvez"},
        {"comment": "x" * 1001},
        {"unit_ids": "a1b2c3"},
    ],
)
def test_bad_feedback_is_422(client: TestClient, tmp_path: Path, over: dict[str, Any]) -> None:
    assert client.post("/feedback", json=_feedback(**over)).status_code == 422
    assert not (tmp_path / "var" / "feedback.jsonl").exists()


def test_feedback_missing_fields_and_bad_json_are_4xx(client: TestClient) -> None:
    assert client.post("/feedback", json={"question": "x"}).status_code == 422
    response = client.post(
        "/feedback", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500


def test_feedback_storage_failure_is_503_not_500(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    app = _app(tmp_path, feedback=blocker / "feedback.jsonl")
    response = TestClient(app).post("/feedback", json=_feedback())
    assert response.status_code == 503
    assert "could not be stored" in response.json()["detail"]


def test_feedback_goes_to_the_configured_file(tmp_path: Path) -> None:
    default = Settings.model_fields["feedback_path"].default
    assert default == ROOT / "var" / "feedback.jsonl"
    target = tmp_path / "elsewhere" / "fb.jsonl"
    client = TestClient(_app(tmp_path, feedback=target))
    assert client.post("/feedback", json=_feedback()).status_code == 201
    assert target.read_text(encoding="utf-8").count("\n") == 1
