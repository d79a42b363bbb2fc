"""The provider is part of every question and every answer (issue 11, point 1): the chip in
the search box, a colour and a mark per provider on the card and beside the value, a switch
that is announced, and history entries of another provider re-asked only after the agent
confirms."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rag_service.page.conftest import new_tab
from tests.rag_service.page.kit import (
    PASSWORD,
    W5_PASSWORD,
    WAIT_MS,
    Shots,
    ask,
    asked_bodies,
    card_state,
    choose_provider,
    open_page,
)

pytestmark = pytest.mark.integration


def _chip(tab: Any) -> str:
    return str(tab.locator("#provider-chip").inner_text())


def test_the_provider_is_in_the_box_on_the_card_and_beside_the_value(
    page: Any, shots: Shots
) -> None:
    open_page(page)
    assert "Escolha o provedor" in _chip(page)
    shots(page, "start_no_provider")
    choose_provider(page, "laser")
    assert "LaserNet" in _chip(page)
    assert page.locator("#q").get_attribute("placeholder").startswith("Pergunta para LaserNet")
    ask(page, "senha do iwr3000")
    card = card_state(page, "answered")
    assert card.locator(".card-provider").inner_text().endswith("LaserNet")
    assert "LaserNet" in card.locator(".value-label").inner_text()
    laser = card.locator(".card-provider .mark")
    laser_mark, laser_colour = laser.inner_text(), laser.evaluate("e => e.style.background")

    choose_provider(page, "veloci")
    ask(page, "senha do ax1500")
    card = card_state(page, "answered")
    velo = card.locator(".card-provider .mark")
    assert card.locator(".card-provider").inner_text().endswith("VelociNet Telecom")
    assert "VelociNet Telecom" in card.locator(".value-label").inner_text()
    # Each provider has its own mark and colour, on the card and in the box.
    assert (velo.inner_text(), velo.evaluate("e => e.style.background")) != (
        laser_mark,
        laser_colour,
    )
    assert velo.evaluate("e => e.style.background") != laser_colour
    chip_mark = page.locator("#provider-chip .mark")
    assert chip_mark.evaluate("e => e.style.background") == velo.evaluate("e => e.style.background")
    shots(page, "answer_other_provider")


def test_switching_is_announced_and_marks_the_card_as_of_the_other_provider(
    page: Any, shots: Shots
) -> None:
    sent = asked_bodies(page)
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do iwr3000")
    card_state(page, "answered")
    page.keyboard.press("Alt+P")
    page.locator("#provider-dialog[open]").wait_for(timeout=WAIT_MS)
    page.keyboard.type("veloci")
    shots(page, "provider_picker")
    page.keyboard.press("Enter")
    page.locator("#announce", has_text="Provedor agora: VelociNet Telecom").wait_for(
        state="attached", timeout=WAIT_MS
    )
    assert "LaserNet → VelociNet Telecom" in page.locator("#provider-note").inner_text()
    assert page.evaluate("document.activeElement.id") == "q"  # back to the question
    # The question in the box is asked again, for the new provider, as a preview.
    page.wait_for_function("document.querySelector('#card').dataset.provider === 'velocinet'")
    assert sent[-1]["provider"] == "velocinet" and sent[-1]["reveal"] is False
    assert PASSWORD not in page.content()


def test_a_history_entry_of_another_provider_asks_before_switching(page: Any, shots: Shots) -> None:
    sent = asked_bodies(page)
    open_page(page)
    choose_provider(page, "laser")
    ask(page, "senha do w5 1200g")
    card_state(page, "answered")
    choose_provider(page, "veloci")
    page.locator("#q").fill("")
    page.keyboard.press("Escape")
    before = len(sent)
    entry = page.locator("#history button", has_text="senha do w5 1200g")
    assert "LaserNet" in entry.inner_text()

    entry.click()  # cancel: nothing asked, nothing switched
    page.locator("#switch-dialog[open]").wait_for(timeout=WAIT_MS)
    assert "LaserNet" in page.locator("#switch-text").inner_text()
    assert "VelociNet Telecom" in page.locator("#switch-text").inner_text()
    shots(page, "history_switch_confirm")
    page.keyboard.press("Escape")
    page.locator("#switch-dialog[open]").wait_for(state="detached", timeout=WAIT_MS)
    assert len(sent) == before
    assert "VelociNet Telecom" in _chip(page)

    entry.click()  # stay: asked of the current provider, the chip unchanged
    page.locator("#switch-stay").click()
    card = card_state(page, "not_found")
    assert sent[-1] == {**sent[-1], "provider": "velocinet", "question": "senha do w5 1200g"}
    assert card.get_attribute("data-provider") == "velocinet"
    assert "VelociNet Telecom" in _chip(page)

    entry = page.locator("#history button", has_text="senha do w5 1200g").filter(
        has_text="LaserNet"
    )
    entry.click()  # switch: announced, then asked of that provider
    page.locator("#switch-yes").click()
    card = page.locator('#card[data-state="answered"][data-provider="lasernet"]')
    card.wait_for(timeout=WAIT_MS)
    assert sent[-1]["provider"] == "lasernet" and sent[-1]["reveal"] is True
    assert "LaserNet" in _chip(page)
    assert page.locator("#value").text_content() == W5_PASSWORD
    # The live region is written a moment after it is cleared (so readers speak it again).
    page.locator("#announce", has_text="Provedor agora: LaserNet").wait_for(timeout=WAIT_MS)


def test_the_remembered_provider_is_restored_before_the_page_says_ready(
    browser: Any, stack: dict[str, Any]
) -> None:
    """The page marks ``<html data-providers="ready">`` only once the list is loaded and the
    remembered provider restored; a slow /providers cannot make the test read it early."""
    context, tab, errors = new_tab(browser, stack["url"])
    open_page(tab)
    choose_provider(tab, "veloci")
    slow: list[Any] = []
    tab.route("**/providers", lambda route: slow.append(route))
    tab.reload()
    while not slow:
        tab.wait_for_timeout(20)
    assert tab.evaluate("document.documentElement.dataset.providers") == "loading"
    slow[0].continue_()
    tab.locator('html[data-providers="ready"]').wait_for(state="attached", timeout=WAIT_MS)
    assert tab.evaluate("document.documentElement.dataset.provider") == "velocinet"
    assert "VelociNet Telecom" in _chip(tab)
    context.close()
    assert errors == []


def test_one_provider_only_needs_no_choice(page: Any) -> None:
    body = {"providers": [{"id": "lasernet", "name": "LaserNet"}], "index_version": "v"}
    page.route(
        "**/providers",
        lambda route: route.fulfill(status=200, content_type="application/json", json=body),
    )
    open_page(page)
    assert "LaserNet" in _chip(page)
    assert page.locator("#provider-chip").is_disabled()
    page.keyboard.press("Alt+P")
    assert page.locator("#provider-dialog[open]").count() == 0
