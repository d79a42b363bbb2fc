"""Answer-as-you-type only when it is safe (issue 11, point 2): never without a provider, never
moving focus, never a secret on screen or in storage from typing alone; Enter shows the
password; history and storage keep "senha de <model>", never the value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.rag_service.page.kit import (
    W5_PASSWORD,
    WAIT_MS,
    Shots,
    asked_bodies,
    card_state,
    choose_provider,
    open_page,
    storage,
)

pytestmark = pytest.mark.integration


def _audit(stack: dict[str, Any]) -> list[dict[str, Any]]:
    path: Path = stack["audit"]
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _on_screen(tab: Any, secrets: set[str]) -> set[str]:
    html = tab.content() + tab.evaluate("document.body.innerText")
    return {s for s in secrets if s in html}


def test_no_preview_without_a_provider_and_focus_stays(page: Any) -> None:
    sent = asked_bodies(page)
    open_page(page)
    box = page.locator("#q")
    box.press_sequentially("senha do", delay=30)
    page.wait_for_timeout(1200)  # twice the pause after which the page would answer
    box.press_sequentially(" roteador", delay=30)
    page.wait_for_timeout(1200)
    assert sent == []
    assert page.evaluate("document.activeElement.id") == "q"
    assert box.input_value() == "senha do roteador"  # no keystroke lost
    assert page.locator("#card").is_hidden()
    # Once a provider is chosen, the same pause answers: the wait above could have seen it.
    choose_provider(page, "laser")
    page.locator("#card:not([hidden])").wait_for(timeout=WAIT_MS)
    assert sent[-1]["provider"] == "lasernet" and sent[-1]["reveal"] is False


def test_enter_without_a_provider_says_choose_one(page: Any, shots: Shots) -> None:
    sent = asked_bodies(page)
    open_page(page)
    page.locator("#q").fill("senha do w5 1200g")
    page.locator("#q").press("Enter")
    notice = page.locator("#notice", has_text="Escolha o provedor antes de perguntar")
    notice.wait_for(timeout=WAIT_MS)
    assert sent == [] and page.evaluate("document.activeElement.id") == "q"
    shots(page, "enter_without_provider")
    notice.get_by_role("button", name="Escolher provedor (Alt+P)").click()
    page.locator("#provider-dialog[open]").wait_for(timeout=WAIT_MS)
    page.keyboard.type("laser")
    page.keyboard.press("Enter")
    card_state(page, "withheld")  # the box is asked again for it, as a preview
    assert sent[-1]["provider"] == "lasernet" and sent[-1]["reveal"] is False


def test_typing_never_puts_a_password_on_screen_or_in_storage(
    page: Any, stack: dict[str, Any], shots: Shots
) -> None:
    sent = asked_bodies(page)
    open_page(page)
    choose_provider(page, "laser")
    audited = len(_audit(stack))
    box = page.locator("#q")
    box.press_sequentially("senha do", delay=30)
    page.locator("#card:not([hidden]):not([data-stale])").wait_for(timeout=WAIT_MS)
    assert _on_screen(page, stack["secrets"]) == set()
    shots(page, "preview_senha_do")
    box.press_sequentially(" w5 1200g", delay=30)
    card = card_state(page, "withheld")
    assert "senha do w5 1200g" in card.locator(".card-question").inner_text()
    assert card.locator(".badge").inner_text().startswith("Prévia")
    assert "Tecle Enter" in page.locator("#value").inner_text()
    assert page.locator("#copy").count() == 0
    assert _on_screen(page, stack["secrets"]) == set()
    assert _on_screen(page, {W5_PASSWORD}) == set()
    shots(page, "preview_withheld")
    assert sent and all(body["reveal"] is False for body in sent)
    previews = _audit(stack)[audited:]
    assert previews and all(not line["secret_disclosed"] for line in previews)
    assert any(line["withheld"] for line in previews)
    assert _on_screen(page, stack["secrets"]) == set()
    assert not {s for s in stack["secrets"] if s in storage(page)}

    box.press("Enter")  # the agent asks: now the password appears
    card_state(page, "answered")
    assert page.locator("#value").text_content() == W5_PASSWORD
    assert sent[-1]["reveal"] is True
    assert _audit(stack)[-1]["secret_disclosed"] is True
    entry = page.locator("#history button").first
    assert "senha de W5-1200G" in entry.inner_text()
    assert W5_PASSWORD not in entry.inner_text()
    assert not {s for s in stack["secrets"] if s in storage(page)}
    shots(page, "answer_after_enter")


def test_history_keeps_no_secret_and_re_asks_to_show_it(page: Any, stack: dict[str, Any]) -> None:
    page.goto("/")
    # An earlier page kept answers' values under the old key: the new page removes them.
    page.evaluate(
        "localStorage.setItem('sheetqa.history', JSON.stringify("
        f"[{{q: 'senha do w5', provider: 'lasernet', summary: '{W5_PASSWORD}', t: 1}}]))"
    )
    open_page(page)
    choose_provider(page, "laser")
    page.locator("#q").fill("senha do w5 1200g")
    page.locator("#q").press("Enter")
    card_state(page, "answered")
    page.reload()
    page.locator('html[data-providers="ready"]').wait_for(state="attached", timeout=WAIT_MS)
    assert not {s for s in stack["secrets"] if s in storage(page)}
    assert _on_screen(page, stack["secrets"]) == set()
    entry = page.locator("#history button", has_text="senha do w5 1200g")
    assert "senha de W5-1200G" in entry.inner_text()
    entry.click()
    card_state(page, "answered")
    assert page.locator("#value").text_content() == W5_PASSWORD


def test_one_ask_per_pause_not_one_per_key(page: Any) -> None:
    sent = asked_bodies(page)
    open_page(page)
    choose_provider(page, "laser")
    page.locator("#q").press_sequentially("qto custa 100 mega", delay=40)
    card_state(page, "answered")
    assert page.locator("#value").text_content()  # a price, shown while typing
    assert 1 <= len(sent) <= 2
    assert all(body["reveal"] is False for body in sent)
