"""The page against a service that requires keys: it asks for the key, keeps it for the tab,
sends it as ``X-API-Key`` (never in a URL), and a viewer's page never shows a password."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.cli import main as ingest_main
from rag_service.http.app import create_app
from tests.factories import LASERNET, HashEmbedder
from tests.rag_service.page.conftest import new_tab
from tests.rag_service.page.kit import PASSWORD, WAIT_MS, Server, Shots, card_state
from tests.rag_service.page.kit import ask as _ask
from tests.rag_service.security.test_auth import keyed_settings, make_keys

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def keyed_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("browser-keys")
    index_dir = base / "index"
    code = ingest_main(
        [str(LASERNET), "--index-dir", str(index_dir), "--quiet"], embedder=HashEmbedder()
    )
    assert code == 0
    keys = make_keys()
    settings = keyed_settings(index_dir, base, keys)
    with Server(create_app(settings, embedder=HashEmbedder())) as served:
        yield {"url": served.url, "keys": keys, "audit": Path(settings.audit_path)}


@pytest.fixture
def tab(browser: Any, keyed_stack: dict[str, Any]) -> Iterator[Any]:
    context, page, errors = new_tab(browser, keyed_stack["url"])
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_page_asks_for_the_key_and_sends_it_in_the_header(
    tab: Any, keyed_stack: dict[str, Any], shots: Shots
) -> None:
    keys = keyed_stack["keys"]
    sent: list[tuple[str, str | None]] = []
    tab.on("request", lambda r: sent.append((r.url, r.headers.get("x-api-key"))))
    tab.goto("/")
    prompt = tab.locator("#key-form")
    prompt.wait_for(state="visible", timeout=WAIT_MS)
    assert tab.get_by_label("Chave de acesso").is_visible()
    assert tab.evaluate("document.activeElement.id") == "api-key"
    shots(tab, "key_prompt")

    tab.locator("#api-key").fill("chave-errada")
    tab.locator("#api-key").press("Enter")
    tab.get_by_text("Chave recusada").wait_for(timeout=WAIT_MS)
    assert tab.evaluate("window.sessionStorage.getItem('sheetqa.apikey')") is None

    tab.locator("#api-key").fill(keys["agent"])
    tab.locator("#api-key").press("Enter")
    prompt.wait_for(state="hidden", timeout=WAIT_MS)
    _ask(tab, "senha do iwr3000")
    card_state(tab, "answered")
    assert tab.locator("#value").text_content() == PASSWORD
    assert tab.evaluate("window.sessionStorage.getItem('sheetqa.apikey')") == keys["agent"]
    assert tab.evaluate("window.localStorage.getItem('sheetqa.apikey')") is None
    assert all(keys["agent"] not in url for url, _ in sent)  # never in a URL
    assert (keyed_stack["url"] + "/ask", keys["agent"]) in sent

    tab.reload()  # the key stays for the tab: no new prompt
    _ask(tab, "senha do iwr3000")
    card_state(tab, "answered")
    assert tab.locator("#key-form").is_hidden()
    assert keys["agent"] not in keyed_stack["audit"].read_text(encoding="utf-8")


def test_viewer_page_never_shows_a_password(
    tab: Any, keyed_stack: dict[str, Any], shots: Shots
) -> None:
    tab.goto("/")
    tab.locator("#api-key").fill(keyed_stack["keys"]["viewer"])
    tab.locator("#api-key").press("Enter")
    _ask(tab, "senha do iwr3000")
    card = card_state(tab, "answered")
    assert tab.locator("#value").text_content() == "•••••• (restrito)"
    assert tab.locator("#copy").count() == 0  # a mask is not a value to copy
    assert "Senhas ocultas" in card.inner_text()
    assert PASSWORD not in tab.content()
    shots(tab, "viewer_redacted")


def test_forbidden_is_plain_portuguese(tab: Any, keyed_stack: dict[str, Any]) -> None:
    tab.route(
        "**/ask",
        lambda route: route.fulfill(
            status=403,
            content_type="application/json",
            body=json.dumps({"detail": "role 'viewer' may not do this: admin only"}),
        ),
    )
    tab.goto("/")
    tab.locator("#api-key").fill(keyed_stack["keys"]["viewer"])
    tab.locator("#api-key").press("Enter")
    _ask(tab, "senha do iwr3000")
    notice = tab.locator("#notice")
    notice.wait_for(state="visible", timeout=WAIT_MS)
    text = notice.inner_text()
    assert "não tem permissão" in text and "admin" not in text
    assert tab.locator("#retry").count() == 0
