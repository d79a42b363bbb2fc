"""A DOCX sheet end to end: ingest, /ask and the page say "parágrafo N", not "linha N".

The sheet is written as .docx in the test, published by the real ingest CLI, served by uvicorn
on 127.0.0.1 and read in real headless Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ingest.cli import main as ingest_main
from tests.factories import HashEmbedder
from tests.ingest.reading.docx_render import render_docx
from tests.rag_service.page.conftest import _app, new_tab
from tests.rag_service.page.kit import WAIT_MS, Server, Shots, ask, card_state, open_page

pytestmark = pytest.mark.integration

SHEET = """\
Rede Exemplo

## Suporte técnico

Qual a porta de acesso para acesso aos roteadores?
R: 8291

Qual usuário e senha padrão para acesso aos equipamentos?
| EQUIPAMENTO | LOGIN | SENHA |
| --- | --- | --- |
| Intelbras W5-1200F | admin | Xq=81!b#c |
| TP-Link EC220 | - | k@7_P*q |
"""


# Paragraphs with text and table rows: 1 title, 2 heading, 3-4 port, 5 question, 6 the table's
# header row, 7-8 its rows.


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("docx-page")
    sheet = render_docx(SHEET, base / "exemplo.docx")
    index_dir = base / "index"
    assert ingest_main([str(sheet), "--index-dir", str(index_dir), "--quiet"], HashEmbedder()) == 0
    with Server(_app(index_dir, base)) as server:
        yield server.url


def test_ask_says_the_spans_of_a_docx_sheet_are_paragraphs(served: str) -> None:
    body = httpx.post(f"{served}/ask", json={"question": "senha do w5 1200f"}, timeout=10).json()
    assert body["value"] == "Xq=81!b#c"
    assert [(f["lines"], f["span"]) for f in body["facts"]] == [([7, 7], "paragraph")]
    assert body["passages"] and {p["span"] for p in body["passages"]} == {"paragraph"}
    facts = httpx.get(f"{served}/facts", timeout=10).json()["facts"]
    assert {f["span"] for f in facts} == {"paragraph"}


def test_the_page_shows_paragraph_numbers_for_a_docx_sheet(
    browser: Any, served: str, shots: Shots
) -> None:
    context, page, errors = new_tab(browser, served)
    try:
        open_page(page)
        ask(page, "senha do w5 1200f")
        card = card_state(page, "answered")
        page.locator("#value", has_text="Xq=81!b#c").wait_for(timeout=WAIT_MS)
        source = card.locator(".source").inner_text()
        assert "parágrafo 7" in source and "linha" not in source
        shots(page, "docx-answer")
        ask(page, "qual a porta de acesso")
        card = card_state(page, "answered")
        page.locator("#value", has_text="8291").wait_for(timeout=WAIT_MS)
        assert "parágrafo" in card.locator(".source").inner_text()
    finally:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
