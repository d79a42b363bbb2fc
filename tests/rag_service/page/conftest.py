"""Fixtures of the browser tests: the service over an index of two providers (lasernet.txt and
velocinet.txt, the fake ``HashEmbedder``) and one with no index, each in a uvicorn thread on
127.0.0.1; Debian's Chromium driven by Playwright; screenshots into the pytest tmp folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.index import load_version
from ingest.records import secret_values
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import LASERNET, VELOCINET, HashEmbedder, build_index
from tests.rag_service.page.kit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEZONE,
    Server,
    Shots,
    require_chromium,
)


def _app(index_dir: Path, base: Path) -> Any:
    settings = Settings(
        index_dir=index_dir,
        feedback_path=base / "feedback.jsonl",
        audit_path=base / "audit.jsonl",
        rate_limit=0,
    )
    return create_app(settings, embedder=HashEmbedder())


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The service over both sheets, and the same service with no index."""
    base = tmp_path_factory.mktemp("browser")
    index_dir = base / "index"
    build_index(index_dir, [LASERNET, VELOCINET], HashEmbedder())
    loaded = load_version(index_dir)
    with (
        Server(_app(index_dir, base)) as served,
        Server(_app(base / "empty-index", base / "empty")) as empty,
    ):
        yield {
            "url": served.url,
            "empty_url": empty.url,
            "feedback": base / "feedback.jsonl",
            "audit": base / "audit.jsonl",
            "secrets": set(secret_values(loaded.facts)),
            "version": loaded.version,
            "created_at": loaded.manifest["created_at"],
        }


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_chromium()
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (pip) is needed for the browser tests"
    )
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Shots:
    return Shots(tmp_path_factory.mktemp("screens"))


# Set to e.g. 6 to run the page's script six times slower (Chromium's CPU throttling): the
# tests must not race with the page when the machine is busy.
SLOWDOWN_ENV = "RAG_PAGE_CPU_SLOWDOWN"


def new_tab(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 720},
        locale="pt-BR",
        timezone_id=TIMEZONE,
        base_url=url,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    tab = context.new_page()
    slowdown = float(os.environ.get(SLOWDOWN_ENV) or 0)
    if slowdown > 1:  # a busy machine, on purpose: the page's script runs N times slower
        cdp = context.new_cdp_session(tab)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, tab, errors


@pytest.fixture
def page(browser: Any, stack: dict[str, Any]) -> Iterator[Any]:
    """A fresh tab (its own storage) at 1280x720 on the two-provider service."""
    context, tab, errors = new_tab(browser, stack["url"])
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
