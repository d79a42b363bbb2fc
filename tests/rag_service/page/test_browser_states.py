"""A card being replaced is stale (issue 11, point 3); the three kinds of "não está na
planilha", "talvez ajude" of the same topic only, and the error state's retry with the last
answer kept readable (point 4)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.rag_service.page.kit import (
    PASSWORD,
    WAIT_MS,
    Shots,
    ask,
    asked_bodies,
    card_state,
    choose_provider,
    held_route,
    open_page,
    wait_held,
)

pytestmark = pytest.mark.integration


def _api(stack: dict[str, Any], question: str, provider: str = "lasernet") -> dict[str, Any]:
    response = httpx.post(stack["url"] + "/ask", json={"question": question, "provider": provider})
    return dict(response.json())


def _answered_password(tab: Any) -> None:
    open_page(tab)
    choose_provider(tab, "laser")
    ask(tab, "senha do iwr3000")
    card_state(tab, "answered")
    assert tab.locator("#value").text_content() == PASSWORD
    tab.evaluate("window.__lastCopied = null")


def _stale_and_dead(tab: Any) -> None:
    """The card is dimmed, says why, and nothing on it can be copied."""
    card = tab.locator("#card[data-stale]")
    card.wait_for(timeout=WAIT_MS)
    assert float(card.evaluate("e => getComputedStyle(e).opacity")) < 0.6
    assert card.locator(".stale-note").inner_text()
    assert tab.locator("#copy").is_disabled()
    tab.locator("body").click(position={"x": 5, "y": 5})
    tab.keyboard.press("Alt+C")
    tab.wait_for_timeout(100)
    assert tab.evaluate("window.__lastCopied") is None


def test_a_card_being_replaced_is_stale_until_the_new_answer(page: Any, shots: Shots) -> None:
    held = held_route(page)
    _answered_password(page)
    held["on"] = True
    ask(page, "qto custa 100 mega")
    wait_held(page, held)
    _stale_and_dead(page)
    assert "Atualizando" in page.locator(".stale-note").inner_text()
    shots(page, "stale_while_loading")
    held["on"] = False
    held["routes"][0].continue_()
    card = card_state(page, "answered")
    assert "100 mega" in card.locator(".card-question").inner_text()
    assert page.locator("#value").text_content() not in ("", PASSWORD)
    assert page.locator("#copy").is_enabled()


def test_a_failed_request_keeps_the_last_answer_as_from_before_and_retries(
    page: Any, shots: Shots
) -> None:
    held = held_route(page)
    _answered_password(page)
    held["on"] = True
    ask(page, "qto custa 100 mega")
    wait_held(page, held)
    held["routes"][0].abort()
    notice = page.locator("#notice")
    notice.wait_for(state="visible", timeout=WAIT_MS)
    assert "Serviço fora do ar" in notice.inner_text()
    _stale_and_dead(page)
    assert "antes da falha" in page.locator(".stale-note").inner_text()
    assert PASSWORD in page.locator("#card").inner_text()  # still readable, marked as old
    assert page.locator("#history button").count() == 1  # the earlier answers stay listed
    shots(page, "error_retry_with_old_answer")
    held["on"] = False
    page.locator("#retry").click()
    card = card_state(page, "answered")
    assert "100 mega" in card.locator(".card-question").inner_text()
    assert notice.is_hidden()


def test_a_server_error_leaves_no_live_value(page: Any) -> None:
    _answered_password(page)
    page.route("**/ask", lambda route: route.fulfill(status=500, json={"detail": "boom"}))
    ask(page, "qto custa 100 mega")
    page.locator("#notice").wait_for(state="visible", timeout=WAIT_MS)
    _stale_and_dead(page)


def test_switching_provider_marks_the_card_as_of_the_other_one(page: Any, shots: Shots) -> None:
    _answered_password(page)
    page.locator("#q").fill("")
    choose_provider(page, "veloci")
    _stale_and_dead(page)
    assert "o provedor agora é VelociNet Telecom" in page.locator(".stale-note").inner_text()
    shots(page, "stale_after_switch")


def test_blank_in_the_sheet_shows_its_question_and_line(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    expected = _api(stack, "qual o dns padrão")["gap"]
    assert expected["kind"] == "blank"
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "qual o dns padrão")
    card = card_state(page, "not_found")
    assert card.get_attribute("data-gap") == "blank"
    gap = card.locator(".gap").inner_text()
    assert "resposta está em branco" in gap
    assert expected["question"] in gap
    first, last = expected["lines"]
    assert (f"linha {first}" if first == last else f"linhas {first}–{last}") in gap
    assert "Próximo passo" in gap
    shots(page, "not_found_blank")


def test_an_amount_the_sheet_does_not_give_shows_what_it_says_instead(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    expected = _api(stack, "qual o valor da taxa de instalação?")
    assert expected["status"] == "not_found" and expected["gap"]["kind"] == "value"
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "qual o valor da taxa de instalação?")
    card = card_state(page, "not_found")
    assert card.get_attribute("data-gap") == "value"
    gap = card.locator(".gap").inner_text()
    assert "não dá o valor" in gap
    assert "Possui taxa de instalação" in gap
    assert f"linha {expected['gap']['lines'][0]}" in gap
    shots(page, "not_found_value")


def test_nothing_in_the_sheet_says_so_without_unrelated_passages(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    assert _api(stack, "qual a capital da frança")["passages"]  # the service has some
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "qual a capital da frança")
    card = card_state(page, "not_found")
    assert card.get_attribute("data-gap") == "absent"
    assert "não tem nada sobre isso" in card.inner_text()
    assert "Talvez ajude" not in card.inner_text()  # none is about the capital of France
    shots(page, "not_found_absent")


def test_no_such_speed_lists_the_sheet_s_as_buttons_that_re_ask(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    question = "qual o valor do plano de 700 mega"
    expected = _api(stack, question)
    sent = asked_bodies(page)
    open_page(page)
    choose_provider(page, "laser")
    ask(page, question)
    card = card_state(page, "not_found")
    assert card.get_attribute("data-gap") == "entity"
    buttons = card.locator(".suggestion")
    assert buttons.all_inner_texts() == expected["suggestions"]
    shots(page, "not_found_entity")
    choice = expected["suggestions"][2]
    buttons.nth(2).click()
    card = card_state(page, "answered")
    again = sent[-1]["question"]
    assert again == question.replace(expected["gap"]["mention"], choice)
    assert sent[-1]["reveal"] is True
    assert page.locator("#q").input_value() == again
    assert page.locator("#value").text_content()


def test_talvez_ajude_only_of_the_same_topic(page: Any, shots: Shots) -> None:
    passage = {"score": 0.5, "section": "SUPORTE", "question": None}
    body = {
        "question": "senha do wifi 5g", "provider": "lasernet", "status": "not_found",
        "answer": None, "source": None, "rule": None, "facts": [], "caveats": [],
        "confidence": 0.1, "value": None, "suggestions": [],
        "gap": {"kind": "absent", "question": None, "lines": None, "mention": None},
        "passages": [
            {**passage, "id": "a", "text": "Senha do portal: CPF do titular", "lines": [3, 3]},
            {**passage, "id": "b", "question": "Senha do wifi 5g?", "text": "", "lines": [5, 5]},
            {**passage, "id": "c", "text": "A senha do wifi 5G fica na etiqueta do roteador",
             "lines": [8, 9]},
        ],
        "index_version": "v", "took_ms": 1.0, "redacted": False, "withheld": False,
    }  # fmt: skip
    page.route(
        "**/ask",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(body)
        ),
    )
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do wifi 5g")
    maybe = card_state(page, "not_found").locator(".maybe")
    text = maybe.inner_text()
    assert "etiqueta do roteador" in text and "linhas 8–9" in text
    assert "portal" not in text  # another kind of password
    assert "linha 5" not in text  # a blank question helps no one
    shots(page, "not_found_maybe")
