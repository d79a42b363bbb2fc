"""The search page in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
the exact value and its copy, service text never run as HTML, errors in plain Portuguese.

The service runs in a uvicorn thread on 127.0.0.1 over an index of two providers (see
conftest.py); screenshots of each state at 1280x720 and 400x800 go to the pytest tmp folder
(and to ``$RAG_PAGE_SCREENS`` when set).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.rag_service.page.kit import (
    PASSWORD,
    WAIT_MS,
    Shots,
    ask,
    asked_bodies,
    card_state,
    choose_provider,
    open_page,
)

pytestmark = pytest.mark.integration


def test_password_is_shown_exactly_and_copied(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    open_page(page)
    assert page.evaluate("document.activeElement.id") == "q"
    choose_provider(page, "laser")
    ask(page, "senha do iwr3000")
    card = card_state(page, "answered")
    assert page.locator("#value").text_content() == PASSWORD
    assert card.locator(".card-provider").inner_text().endswith("LaserNet")
    source = card.locator(".source").inner_text()
    assert "linha" in source
    assert PASSWORD in source  # the sheet's own row is shown, and marked when in a table
    marks = card.locator(".source mark").all_inner_texts()
    assert marks and all(PASSWORD in m for m in marks)
    caveats = card.locator(".caveats")
    if caveats.count():  # a warning always comes before the value, never behind a click
        assert caveats.is_visible()
        assert caveats.bounding_box()["y"] < page.locator("#value").bounding_box()["y"]
    page.locator("#copy").click()
    page.locator("#copy", has_text="Copiado").wait_for(timeout=WAIT_MS)
    assert page.evaluate("navigator.clipboard.readText()") == PASSWORD
    assert page.evaluate("window.__lastCopied") == PASSWORD
    shots(page, "answer_password")
    others = [u for u in urls if not u.startswith(stack["url"] + "/") and u != "data:,"]
    assert others == [], "requests to another host"
    assert any(u.endswith("/static/card.js") for u in urls)  # the modules were loaded


def test_no_index_shows_portuguese_message_and_a_retry(
    browser: Any, stack: dict[str, Any], shots: Shots
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.goto(stack["empty_url"] + "/")
    notice = tab.locator("#notice")
    notice.wait_for(state="visible", timeout=WAIT_MS)
    assert "Nenhuma planilha carregada — rode a ingestão" in notice.inner_text()
    assert tab.locator("#retry").is_visible()
    assert "Traceback" not in tab.content()
    shots(tab, "error_no_index")
    context.close()


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected", "retry"),
    [
        (429, {"Retry-After": "7"}, {"detail": "too many"}, "Muitas consultas, aguarde 7 s", True),
        (
            422,
            {},
            {"detail": [{"loc": ["body", "question"], "msg": "question is empty", "type": "x"}]},
            "Pergunta vazia",
            False,
        ),
        (500, {}, {"detail": "boom"}, "Erro no serviço (código 500)", True),
        (503, {}, {"detail": "busy: 16 requests in flight, retry shortly"}, "ocupado", True),
        (504, {}, {"detail": "deadline exceeded"}, "A consulta demorou demais", True),
    ],
)
def test_service_errors_are_plain_portuguese(
    page: Any, status: int, headers: dict[str, str], body: Any, expected: str, retry: bool
) -> None:
    page.route(
        "**/ask",
        lambda route: route.fulfill(
            status=status, headers=headers, content_type="application/json", body=json.dumps(body)
        ),
    )
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do iwr3000")
    notice = page.locator("#notice")
    notice.wait_for(state="visible", timeout=WAIT_MS)
    assert expected in notice.inner_text()
    assert page.locator("#retry").count() == (1 if retry else 0)
    assert page.locator("#value").count() == 0


def test_empty_question_is_refused_without_asking(page: Any) -> None:
    sent = asked_bodies(page)
    open_page(page)
    choose_provider(page, "laser")
    page.locator("#q").press("Enter")
    page.locator("#notice", has_text="Pergunta vazia").wait_for(timeout=WAIT_MS)
    assert sent == []


def test_service_text_is_never_run_as_html(page: Any) -> None:
    evil = '<img src=x onerror="window.__xss=1">\nsegunda linha'
    body = {
        "question": "x",
        "provider": "lasernet",
        "status": "answered",
        "answer": evil,
        "source": "retrieval",
        "rule": None,
        "facts": [],
        "caveats": ["<b>aviso</b>"],
        "confidence": 0.9,
        "value": "<script>window.__xss=2</script>",
        "suggestions": [],
        "gap": None,
        "passages": [
            {"id": "u", "section": "<i>S</i>", "question": None, "text": evil, "score": 1.0,
             "lines": [3, 4]},
        ],
        "index_version": "v",
        "took_ms": 1.0,
        "redacted": False,
        "withheld": False,
    }  # fmt: skip
    page.route(
        "**/ask",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(body)
        ),
    )
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "qualquer coisa")
    card = card_state(page, "answered")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#card img").count() == 0
    assert card.locator(".answer").inner_text() == evil  # line break rendered, tags as text
    assert page.locator("#value").text_content() == body["value"]
    assert "linhas 3–4" in card.inner_text()


def test_narrow_screen_keeps_everything_reachable(browser: Any, stack: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 800}, base_url=stack["url"])
    tab = context.new_page()
    open_page(tab)
    choose_provider(tab, "laser")
    ask(tab, "senha do iwr3000")
    card_state(tab, "answered")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 400
    for visible in ("#copy", "#provider-chip", "#ask-btn"):
        assert tab.locator(visible).is_visible(), visible
    context.close()
