"""The admins' page in a real browser: it asks for a key, refuses an agent's, and with an
admin's shows the sheet's findings and what agents asked that the sheet did not answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ingest.cli import main as ingest_main
from rag_service.http.app import create_app
from tests.factories import LASERNET, HashEmbedder
from tests.rag_service.page.conftest import new_tab
from tests.rag_service.page.kit import WAIT_MS, Server, Shots
from tests.rag_service.security.test_auth import keyed_settings, make_keys

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def admin_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("browser-admin")
    index_dir = base / "index"
    code = ingest_main(
        [str(LASERNET), "--index-dir", str(index_dir), "--quiet"], embedder=HashEmbedder()
    )
    assert code == 0
    keys = make_keys()
    with Server(create_app(keyed_settings(index_dir, base, keys), embedder=HashEmbedder())) as s:
        for question in ("qual o dns", "dns padrão?", "qual o dns"):
            answer = httpx.post(
                f"{s.url}/ask", json={"question": question}, headers={"X-API-Key": keys["agent"]}
            )
            assert answer.json()["status"] == "not_found"
        yield {"url": s.url, "keys": keys}


@pytest.fixture
def tab(browser: Any, admin_stack: dict[str, Any]) -> Iterator[Any]:
    context, page, errors = new_tab(browser, admin_stack["url"])
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _enter(tab: Any, key: str) -> None:
    tab.locator("#key-form").wait_for(state="visible", timeout=WAIT_MS)
    tab.locator("#api-key").fill(key)
    tab.locator("#api-key").press("Enter")


def test_an_agents_key_sees_nothing_and_an_admins_sees_the_health(
    tab: Any, admin_stack: dict[str, Any], shots: Shots
) -> None:
    keys = admin_stack["keys"]
    sent: list[str] = []
    tab.on("request", lambda r: sent.append(r.url))
    tab.goto("/admin")
    _enter(tab, keys["agent"])
    tab.get_by_text("Somente administradores").wait_for(timeout=WAIT_MS)
    assert tab.locator("#health-table").is_hidden()

    _enter(tab, keys["admin"])
    rows = tab.locator("#health-table tbody tr")
    rows.first.wait_for(timeout=WAIT_MS)
    assert rows.count() == 5
    cells = [rows.nth(k).locator("td").all_text_contents() for k in range(rows.count())]
    assert cells[2][:3] == ["lasernet", "112", "unanswered-question"]
    assert "Qual DNS padrão?" in cells[2][3]

    gaps = tab.locator("#gaps-table tbody tr")
    gaps.first.wait_for(timeout=WAIT_MS)
    first = gaps.first.locator("td").all_text_contents()
    assert first[:3] == ["lasernet", "3", "1"]
    assert "linha 112" in first[5] and "em branco" in first[5]
    shots(tab, "admin_health")
    assert all(keys["admin"] not in url and keys["agent"] not in url for url in sent)
