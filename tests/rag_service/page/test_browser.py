"""The search page in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

The service runs with uvicorn in a thread on 127.0.0.1 over an index built in a tmp folder from
``corpus/lasernet.txt`` with the fake ``HashEmbedder``. Screenshots of the main states go to
``test-artifacts/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ingest.cli import main as ingest_main
from rag_service.http.app import create_app
from rag_service.security.redact import MASK
from rag_service.settings import Settings
from tests.factories import LASERNET, ROOT, HashEmbedder

pytestmark = pytest.mark.integration

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright (pip) is needed for the browser tests"
)

CHROMIUM = os.environ.get("RAG_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "P=a5tr3NeL!w3000"  # the sheet's password of the IWR 3000N, character for character
WAIT_MS = 10_000

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server:
    """uvicorn serving an app in a background thread on 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _make_app(index_dir: Path, feedback: Path) -> Any:
    settings = Settings(index_dir=index_dir, feedback_path=feedback)
    return create_app(settings, embedder=HashEmbedder())


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The service over an index of lasernet.txt, and the same service with no index."""
    base = tmp_path_factory.mktemp("browser")
    index_dir = base / "index"
    code = ingest_main(
        [str(LASERNET), "--index-dir", str(index_dir), "--quiet"], embedder=HashEmbedder()
    )
    assert code == 0
    feedback = base / "feedback.jsonl"
    with (
        _Server(_make_app(index_dir, feedback)) as served,
        _Server(_make_app(base / "empty-index", base / "unused.jsonl")) as empty,
    ):
        yield {"url": served.url, "empty_url": empty.url, "feedback": feedback}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, stack: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, locale="pt-BR", base_url=stack["url"]
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack["url"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _shot(tab: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _ask(tab: Any, question: str) -> None:
    box = tab.locator("#q")
    box.fill(question)
    box.press("Enter")


def _card_state(tab: Any, state: str) -> Any:
    card = tab.locator(f'#card[data-state="{state}"]')
    card.wait_for(state="visible", timeout=WAIT_MS)
    return card


def test_password_is_shown_exactly_and_copied(page: Any, stack: dict[str, Any]) -> None:
    page.goto("/")
    assert page.evaluate("document.activeElement.id") == "q"
    _ask(page, "senha do iwr3000")
    card = _card_state(page, "answered")
    assert page.locator("#value").text_content() == PASSWORD
    providers = httpx.get(stack["url"] + "/providers").json()
    listed = providers.get("providers", providers) if isinstance(providers, dict) else providers
    names = [p["name"] for p in listed]
    assert card.locator(".card-provider").text_content() in names
    source = card.locator(".source").inner_text()
    assert "linha" in source
    assert PASSWORD in source  # the sheet's own row is shown, and marked when in a table
    marks = card.locator(".source mark").all_inner_texts()
    assert all(PASSWORD in m for m in marks)
    caveats = card.locator(".caveats")
    if caveats.count():  # a warning always comes before the value, never behind a click
        assert caveats.is_visible()
        top_caveat = caveats.bounding_box()["y"]
        assert top_caveat < page.locator("#value").bounding_box()["y"]
    page.locator("#copy").click()
    page.locator("#copy", has_text="Copiado").wait_for(timeout=WAIT_MS)
    assert page.evaluate("navigator.clipboard.readText()") == PASSWORD
    assert page.evaluate("window.__lastCopied") == PASSWORD
    _shot(page, "answer")


def test_question_not_in_sheet_shows_not_found(page: Any) -> None:
    page.goto("/")
    _ask(page, "qual a capital da frança")
    card = _card_state(page, "not_found")
    text = card.inner_text()
    assert "Não está na planilha" in text
    assert "Talvez ajude" in text
    assert page.locator("#value").count() == 0
    _shot(page, "not_found")


def test_feedback_click_is_stored(page: Any, stack: dict[str, Any]) -> None:
    path: Path = stack["feedback"]
    before = path.read_text(encoding="utf-8").count("\n") if path.exists() else 0
    page.goto("/")
    _ask(page, "senha do iwr3000")
    card = _card_state(page, "answered")
    card.get_by_role("button", name="Resolveu", exact=True).click()
    card.get_by_text("avaliação registrada").wait_for(timeout=WAIT_MS)
    _ask(page, "qual a capital da frança")
    card = _card_state(page, "not_found")
    card.get_by_role("button", name="Não resolveu").click()
    comment = page.locator("#feedback-comment")
    assert page.evaluate("document.activeElement.id") == "feedback-comment"
    comment.fill("cliente perguntou outra coisa")
    comment.press("Enter")
    card.get_by_text("avaliação registrada").wait_for(timeout=WAIT_MS)
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()][before:]
    assert [r["verdict"] for r in records] == ["resolveu", "nao_resolveu"]
    # The feedback file is read by people: the password is masked there, whatever the role.
    assert records[0]["value"] == MASK
    assert PASSWORD not in path.read_text(encoding="utf-8")
    assert records[0]["status"] == "answered" and records[0]["index_version"]
    assert records[0]["unit_ids"] or records[0]["fact_ids"]
    assert records[1]["status"] == "not_found"
    assert records[1]["comment"] == "cliente perguntou outra coisa"


def test_no_index_shows_portuguese_message(browser: Any, stack: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.goto(stack["empty_url"] + "/")
    _ask(tab, "senha do iwr3000")
    card = _card_state(tab, "error")
    assert "Nenhuma planilha carregada — rode a ingestão" in card.inner_text()
    assert "Traceback" not in tab.content()
    _shot(tab, "error_no_index")
    context.close()


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected"),
    [
        (
            429,
            {"Retry-After": "7"},
            {"detail": "too many requests"},
            "Muitas consultas, aguarde 7 s",
        ),
        (
            422,
            {},
            {"detail": [{"loc": ["body", "question"], "msg": "question is empty", "type": "x"}]},
            "Pergunta vazia",
        ),
        (500, {}, {"detail": "boom"}, "Erro no serviço (código 500)"),
        (
            503,
            {"Retry-After": "1"},
            {"detail": "busy: 16 requests in flight, retry shortly"},
            "Serviço ocupado",
        ),
        (
            504,
            {},
            {"detail": "deadline exceeded: no answer within 5 s"},
            "A consulta demorou demais",
        ),
    ],
)
def test_service_errors_are_plain_portuguese(
    page: Any, status: int, headers: dict[str, str], body: dict[str, Any], expected: str
) -> None:
    page.route(
        "**/ask",
        lambda route: route.fulfill(
            status=status, headers=headers, content_type="application/json", body=json.dumps(body)
        ),
    )
    page.goto("/")
    _ask(page, "senha do iwr3000")
    assert expected in _card_state(page, "error").inner_text()


def test_network_failure_says_service_is_down(page: Any) -> None:
    page.route("**/ask", lambda route: route.abort())
    page.goto("/")
    _ask(page, "senha do iwr3000")
    assert "Serviço fora do ar" in _card_state(page, "error").inner_text()


def test_empty_question_is_refused_without_asking(page: Any) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/ask") else None)
    page.goto("/")
    page.locator("#q").press("Enter")
    assert "Pergunta vazia" in _card_state(page, "error").inner_text()
    assert asked == []


def test_service_text_is_never_run_as_html(page: Any, stack: dict[str, Any]) -> None:
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
        "passages": [
            {
                "id": "u",
                "section": "<i>S</i>",
                "question": None,
                "text": evil,
                "score": 1.0,
                "lines": [3, 4],
            },
        ],
        "index_version": "v",
        "took_ms": 1.0,
    }
    page.route(
        "**/ask",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(body)
        ),
    )
    page.goto("/")
    _ask(page, "qualquer coisa")
    card = _card_state(page, "answered")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#card img").count() == 0
    assert card.locator(".answer").inner_text() == evil  # line break rendered, tags as text
    assert page.locator("#value").text_content() == body["value"]
    assert "linhas 3–4" in card.inner_text()


def test_keyboard_history_and_escape(page: Any) -> None:
    page.goto("/")
    _ask(page, "senha do iwr3000")
    _card_state(page, "answered")
    _ask(page, "qual a capital da frança")
    _card_state(page, "not_found")
    page.reload()
    items = page.locator("#history li button")
    assert items.count() == 2
    assert "capital" in items.nth(0).inner_text()
    # Keyboard only: Tab from the search box reaches the button; Esc clears.
    page.locator("#q").fill("senha")
    page.keyboard.press("Escape")
    assert page.locator("#q").input_value() == ""
    assert page.locator("#card").is_hidden()
    assert page.evaluate("document.activeElement.id") == "q"
    items.nth(1).focus()
    page.keyboard.press("Enter")
    _card_state(page, "answered")
    assert page.locator("#value").text_content() == PASSWORD
    page.keyboard.press("Escape")
    page.locator("#q").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ask-btn"


def test_asks_when_the_agent_pauses_typing(page: Any) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/ask") else None)
    page.goto("/")
    page.locator("#q").press_sequentially("senha do iwr3000", delay=40)
    _card_state(page, "answered")
    assert page.locator("#value").text_content() == PASSWORD
    assert 1 <= len(asked) <= 2  # one ask after the pause, not one per key


def test_provider_selector_when_several(page: Any) -> None:
    providers = {"providers": [{"id": "a", "name": "Alfa Net"}, {"id": "b", "name": "Beta Fibra"}]}
    sent: list[dict[str, Any]] = []

    def answer(route: Any) -> None:
        request = json.loads(route.request.post_data or "{}")
        sent.append(request)
        route.fulfill(status=200, content_type="application/json", body=json.dumps({
            "question": request["question"], "provider": request["provider"],
            "status": "not_found", "answer": None, "source": None, "rule": None, "facts": [],
            "caveats": [], "confidence": 0.0, "value": None, "passages": [],
            "index_version": "v", "took_ms": 1.0,
        }))  # fmt: skip

    page.route("**/providers", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(providers)))  # fmt: skip
    page.route("**/ask", answer)
    page.goto("/")
    select = page.locator("#provider")
    select.wait_for(state="visible", timeout=WAIT_MS)
    _ask(page, "senha do roteador")
    assert "Escolha o provedor" in _card_state(page, "error").inner_text()
    assert sent == []
    select.select_option("b")
    _ask(page, "senha do roteador")
    card = _card_state(page, "not_found")
    assert card.locator(".card-provider").text_content() == "Beta Fibra"
    assert sent[-1]["provider"] == "b"
    page.reload()
    assert page.locator("#provider").input_value() == "b"


def test_narrow_side_panel(browser: Any, stack: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 720}, base_url=stack["url"])
    tab = context.new_page()
    tab.goto("/")
    _ask(tab, "senha do iwr3000")
    _card_state(tab, "answered")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    assert tab.locator("#copy").is_visible()
    _shot(tab, "narrow_answer")
    _ask(tab, "qual a capital da frança")
    _card_state(tab, "not_found")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(tab, "narrow_not_found")
    context.close()
