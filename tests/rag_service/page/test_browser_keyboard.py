"""Keyboard (issue 11, point 5), feedback with reasons and the verdict sent (point 6), and
human names for the version and the source (point 7)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.rag_service.page.kit import (
    PASSWORD,
    TIMEZONE,
    W5_PASSWORD,
    WAIT_MS,
    Shots,
    ask,
    card_state,
    choose_provider,
    open_page,
)

pytestmark = pytest.mark.integration


def _focused(tab: Any) -> str:
    return str(tab.evaluate("document.activeElement.id || document.activeElement.tagName"))


def _clipboard(tab: Any) -> str:
    return str(tab.evaluate("navigator.clipboard.readText()"))


def test_slash_and_ctrl_k_focus_the_box_from_anywhere(page: Any) -> None:
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "qual a capital da frança")
    card_state(page, "not_found")
    page.locator("button.verdict", has_text="Não resolveu").click()
    comment = page.locator("#feedback-comment")
    comment.focus()
    page.keyboard.type("a/b")  # "/" types in a text field
    assert comment.input_value() == "a/b"
    page.keyboard.press("Control+K")  # Ctrl+K leaves any field
    assert _focused(page) == "q"
    page.locator("#history button").first.focus()
    page.keyboard.press("/")
    assert _focused(page) == "q"
    assert page.locator("#q").input_value() == "qual a capital da frança"  # nothing typed


def test_keys_copy_the_value_and_the_login_buttons_too(page: Any, shots: Shots) -> None:
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do w5 1200g")
    card = card_state(page, "answered")
    assert card.locator(".login").inner_text() == "admin"
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("Alt+C")
    page.locator("#copy", has_text="Copiado").wait_for(timeout=WAIT_MS)
    assert _clipboard(page) == W5_PASSWORD
    page.keyboard.press("Alt+L")
    page.locator("#copy-login", has_text="Copiado").wait_for(timeout=WAIT_MS)
    assert _clipboard(page) == "admin"
    page.locator("#copy-login").click()
    assert _clipboard(page) == "admin"
    shots(page, "answer_with_login")


def test_procedure_text_has_copiar_resposta(page: Any, shots: Shots) -> None:
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "como cancelar")
    card = card_state(page, "answered")
    assert page.locator("#value").count() == 0
    text = card.locator(".answer").inner_text()
    page.locator("#copy-answer", has_text="Copiar resposta").click()
    page.locator("#copy-answer", has_text="Copiado").wait_for(timeout=WAIT_MS)
    assert _clipboard(page) == text
    page.evaluate("window.__lastCopied = null")
    page.locator("#copy-answer", has_text="Copiar resposta").wait_for(timeout=WAIT_MS)
    page.keyboard.press("Alt+R")
    page.locator("#copy-answer", has_text="Copiado").wait_for(timeout=WAIT_MS)
    assert page.evaluate("window.__lastCopied") == text
    shots(page, "answer_procedure")


def test_arrows_move_through_history_and_escape_clears_only_from_the_box(page: Any) -> None:
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do iwr3000")
    card_state(page, "answered")
    ask(page, "qual a capital da frança")
    card_state(page, "not_found")
    box = page.locator("#q")
    entries = page.locator("#history button")
    assert entries.count() == 2
    box.focus()
    page.keyboard.press("ArrowDown")
    assert "capital" in page.evaluate("document.activeElement.innerText")
    page.keyboard.press("ArrowDown")
    assert "iwr3000" in page.evaluate("document.activeElement.innerText")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert _focused(page) == "q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")  # from the list: back to the box, nothing cleared
    assert _focused(page) == "q" and box.input_value() == "qual a capital da frança"
    page.locator(".card-question").click()
    page.keyboard.press("Escape")  # outside the box: nothing cleared
    assert box.input_value() == "qual a capital da frança"
    assert page.locator("#card").is_visible()
    box.focus()
    page.keyboard.press("Escape")
    assert box.input_value() == "" and page.locator("#card").is_hidden()
    assert _focused(page) == "q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the same provider: asked again at once
    card_state(page, "answered")
    assert page.locator("#value").text_content() == PASSWORD


def test_feedback_says_which_verdict_was_sent_with_its_reasons(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    path: Path = stack["feedback"]
    before = path.read_text(encoding="utf-8").count("\n") if path.exists() else 0
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do iwr3000")
    card = card_state(page, "answered")
    card.locator("button.verdict", has_text="Resolveu").first.click()
    sent = card.locator(".feedback-status")
    sent.get_by_text("Enviado: Resolveu").wait_for(timeout=WAIT_MS)
    assert card.locator('.verdict[aria-pressed="true"]').inner_text() == "✓ Resolveu"
    assert card.locator(".verdict:not(:disabled)").count() == 0

    ask(page, "qual a capital da frança")
    card = card_state(page, "not_found")
    card.locator("button.verdict", has_text="Não resolveu").click()
    assert page.evaluate("document.activeElement.dataset.reason") == "provedor_errado"
    card.locator(".chip-toggle", has_text="provedor errado").click()
    card.locator(".chip-toggle", has_text="não achei").click()
    comment = page.locator("#feedback-comment")
    comment.fill("cliente perguntou outra coisa")
    shots(page, "feedback_reasons")
    comment.press("Enter")
    card.get_by_text("Enviado: Não resolveu — provedor errado, não achei").wait_for(timeout=WAIT_MS)
    shots(page, "feedback_sent")
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()][before:]
    assert [r["verdict"] for r in records] == ["resolveu", "nao_resolveu"]
    assert records[0]["reasons"] == [] and records[0]["index_version"] == stack["version"]
    assert PASSWORD not in path.read_text(encoding="utf-8")  # masked for people, any role
    assert records[1]["reasons"] == ["provedor_errado", "nao_achei"]
    assert records[1]["comment"] == "cliente perguntou outra coisa"
    assert records[1]["status"] == "not_found"


def test_version_and_rule_are_named_for_people(page: Any, stack: dict[str, Any]) -> None:
    created = datetime.fromisoformat(stack["created_at"]).astimezone(ZoneInfo(TIMEZONE))
    label = "planilha publicada em " + created.strftime("%d/%m %H:%M")
    open_page(page)
    assert page.locator("#published").inner_text() == label
    choose_provider(page, "laser")
    ask(page, "senha do iwr3000")
    card = card_state(page, "answered")
    assert label in card.locator(".source-meta").inner_text()
    assert "dado extraído da planilha" in card.locator(".source-meta").inner_text()
    screen = page.evaluate("document.body.innerText")
    assert stack["version"] not in screen
    for internal in ("equipment_credentials", "credential", "rule", "regra", "índice"):
        assert internal not in screen, internal
    ask(page, "como cancelar")
    card = card_state(page, "answered")
    assert "trecho mais parecido da planilha" in card.locator(".source-meta").inner_text()
