"""What the browser tests share: Chromium's path and flags, a uvicorn server in a thread, and
helpers to ask, wait and take screenshots of a state at both sizes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

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
WAIT_MS = 10_000
SIZES = ((1280, 720), (400, 800))
TIMEZONE = "America/Sao_Paulo"
PASSWORD = "P=a5tr3NeL!w3000"  # the sheet's password of the IWR 3000N, character for character
W5_PASSWORD = "Lnt12345@"  # the sheet's password of the W5-1200G (login admin)
# Screenshots go to the pytest tmp folder, and also here when set (a folder for people).
SCREENS_ENV = "RAG_PAGE_SCREENS"


def require_chromium() -> None:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """uvicorn serving an app in a background thread on 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
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


class Shots:
    """Screenshots of a state at 1280x720 and 400x800, full page; at each size the page must
    not scroll sideways."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        extra = os.environ.get(SCREENS_ENV)
        self.extra = Path(extra) if extra else None

    def __call__(self, tab: Any, name: str) -> None:
        before = tab.viewport_size
        for width, height in SIZES:
            tab.set_viewport_size({"width": width, "height": height})
            tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => r(null)))")
            overflow = tab.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{name} at {width}px scrolls sideways ({overflow}px)"
            path = self.folder / f"{name}-{width}x{height}.png"
            tab.screenshot(path=str(path), full_page=True, animations="disabled")
            if self.extra is not None:
                self.extra.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, self.extra / path.name)
        tab.set_viewport_size(before)


def open_page(tab: Any, path: str = "/") -> None:
    """Loads the page and waits until its provider list is loaded and the remembered provider
    restored (``<html data-providers="ready">``, set by the page when both are done)."""
    tab.goto(path)
    tab.locator('html[data-providers="ready"]').wait_for(state="attached", timeout=WAIT_MS)


def choose_provider(tab: Any, name: str) -> None:
    """Alt+P, type part of the name, Enter: the way an agent switches with the keyboard."""
    tab.keyboard.press("Alt+P")
    tab.locator("#provider-dialog[open]").wait_for(timeout=WAIT_MS)
    tab.keyboard.type(name)
    tab.keyboard.press("Enter")
    tab.locator("#provider-dialog[open]").wait_for(state="detached", timeout=WAIT_MS)


def ask(tab: Any, question: str) -> None:
    box = tab.locator("#q")
    box.fill(question)
    box.press("Enter")


def card_state(tab: Any, state: str) -> Any:
    card = tab.locator(f'#card[data-state="{state}"]:not([data-stale])')
    card.wait_for(state="visible", timeout=WAIT_MS)
    return card


def asked_bodies(tab: Any) -> list[dict[str, Any]]:
    """Every /ask body the page sends from now on (the list fills as it sends)."""
    sent: list[dict[str, Any]] = []

    def note(request: Any) -> None:
        if request.url.endswith("/ask") and request.method == "POST":
            sent.append(json.loads(request.post_data or "{}"))

    tab.on("request", note)
    return sent


def storage(tab: Any) -> str:
    """Everything the page keeps in the browser's storage, as one text."""
    return str(
        tab.evaluate(
            "JSON.stringify([Object.assign({}, localStorage), Object.assign({}, sessionStorage)])"
        )
    )


def held_route(tab: Any, pattern: str = "**/ask") -> dict[str, Any]:
    """Requests to ``pattern`` pass, or wait in ``held["routes"]`` while ``held["on"]``."""
    held: dict[str, Any] = {"on": False, "routes": []}

    def handle(route: Any) -> None:
        if held["on"]:
            held["routes"].append(route)
        else:
            route.continue_()

    tab.route(pattern, handle)
    return held


def wait_held(tab: Any, held: dict[str, Any], count: int = 1) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while len(held["routes"]) < count:
        assert time.monotonic() < deadline, "the page did not send the request"
        tab.wait_for_timeout(20)
