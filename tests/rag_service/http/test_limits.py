"""Limits of /ask and /search: rate per caller (429), concurrency (503), deadline (504), caps."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from rag_service.answering.engine import Engine
from rag_service.http.app import create_app
from rag_service.http.limits import (
    ConcurrencyLimiter,
    Limits,
    RateLimiter,
    caller_key,
)
from rag_service.settings import MAX_BODY_BYTES, MAX_QUESTION_CHARS, Settings, apply_faiss_threads
from tests.factories import HashEmbedder

ASK = {"question": "qual a porta", "provider": "lasernet"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class KeyIdFromHeader:
    """Stands in for authentication: ``request.state.key_id`` from a test header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            key_id = dict(scope["headers"]).get(b"x-test-key-id")
            if key_id:
                scope.setdefault("state", {})["key_id"] = key_id.decode()
        await self.app(scope, receive, send)


def make_client(index_dir: Path, **limits: Any) -> TestClient:
    app = create_app(Settings(index_dir=index_dir, mode="lexical", **limits), HashEmbedder())
    app.add_middleware(KeyIdFromHeader)
    return TestClient(app, client=("10.0.0.1", 5000))


def engine_of(client: TestClient) -> Engine:
    engine = client.app.state.services.store.engine  # type: ignore[attr-defined]
    assert engine is not None
    return engine


def limits_of(client: TestClient) -> Limits:
    limits: Limits = client.app.state.services.limits  # type: ignore[attr-defined]
    return limits


def wait_until(condition: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


# ---- the pieces -------------------------------------------------------------------------------


def test_token_bucket_allows_the_burst_then_says_when_to_retry() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [None, None, None]
    wait = limiter.acquire("a")
    assert wait == pytest.approx(1.0)
    assert limiter.acquire("b") is None, "another key has its own bucket"
    clock.now += 0.5
    assert limiter.acquire("a") == pytest.approx(0.5), "half a token came back"
    clock.now += 0.5
    assert limiter.acquire("a") is None
    clock.now += 3600
    assert [limiter.acquire("a") for _ in range(4)][-1] is not None, "refill stops at the burst"


def test_idle_buckets_are_dropped_beyond_the_bound() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock, max_buckets=10)
    for n in range(10):
        limiter.acquire(f"ip{n}")
    clock.now += 10  # all refilled
    limiter.acquire("busy")
    limiter.acquire("busy")
    limiter.acquire("new")
    assert len(limiter._buckets) <= 2


def test_concurrency_limiter_never_waits() -> None:
    limiter = ConcurrencyLimiter(2)
    assert limiter.try_acquire() and limiter.try_acquire()
    started = time.monotonic()
    assert not limiter.try_acquire()
    assert time.monotonic() - started < 0.1
    limiter.release()
    assert limiter.in_flight == 1 and limiter.try_acquire()


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"per_minute": -1, "burst": 1}, "per_minute"),
        ({"per_minute": 10, "burst": 0}, "burst"),
    ],
)
def test_bad_rate_arguments_name_the_value(kwargs: dict[str, Any], word: str) -> None:
    with pytest.raises(ValueError, match=word):
        RateLimiter(**kwargs)


def test_bad_limits_arguments_name_the_value() -> None:
    with pytest.raises(ValueError, match="limit must be >= 1, got 0"):
        ConcurrencyLimiter(0)
    with pytest.raises(ValueError, match="timeout must be > 0, got 0"):
        Limits(60, 1, 1, 0)


def test_rate_zero_turns_the_rate_limit_off() -> None:
    limits = Limits(0, 1, 1, 1.0)
    for _ in range(1000):
        limits.check_rate("k")


def test_caller_key_prefers_the_key_id() -> None:
    class State:
        key_id: str | None = None

    class Client:
        host = "192.0.2.7"

    class FakeRequest:
        state = State()
        client = Client()

    request: Any = FakeRequest()
    assert caller_key(request) == "ip:192.0.2.7"
    request.state.key_id = "ana"
    assert caller_key(request) == "key:ana"


def test_faiss_threads_follow_omp_num_threads() -> None:
    import faiss

    before = faiss.omp_get_max_threads()
    try:
        assert apply_faiss_threads(Settings(OMP_NUM_THREADS="1").omp_num_threads) == 1
        assert faiss.omp_get_max_threads() == 1
        with pytest.raises(ValueError, match="OMP_NUM_THREADS"):
            Settings(OMP_NUM_THREADS="many")
        assert apply_faiss_threads(Settings().omp_num_threads) is None
    finally:
        faiss.omp_set_num_threads(before)


# ---- over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def rated(laser_index: Path) -> Iterator[TestClient]:
    with make_client(laser_index, rate_limit=60, rate_burst=3) as client:
        yield client


def test_rate_limit_429_with_retry_after_after_the_burst(rated: TestClient) -> None:
    for _ in range(3):
        assert rated.post("/ask", json=ASK).status_code == 200
    refused = rated.post("/ask", json=ASK)
    assert refused.status_code == 429
    assert "rate limit" in refused.json()["detail"]
    retry = int(refused.headers["Retry-After"])
    assert 1 <= retry <= 2, "one token a second comes back"
    search = rated.get("/search", params={"q": "porta", "provider": "lasernet"})
    assert search.status_code == 429, "/search spends the same bucket"


def test_rate_limit_is_per_key_and_per_address(rated: TestClient) -> None:
    for _ in range(3):
        assert rated.post("/ask", json=ASK).status_code == 200
    assert rated.post("/ask", json=ASK).status_code == 429
    for key in ("ana", "bia"):
        headers = {"X-Test-Key-Id": key}
        codes = [rated.post("/ask", json=ASK, headers=headers).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429], key
    other = TestClient(rated.app, client=("10.0.0.2", 5000))  # same app, another address
    assert other.post("/ask", json=ASK).status_code == 200


def test_health_ready_and_the_rest_are_never_rate_limited(rated: TestClient) -> None:
    for _ in range(4):
        rated.post("/ask", json=ASK)
    assert rated.post("/ask", json=ASK).status_code == 429
    for _ in range(100):
        assert rated.get("/health").status_code == 200
        assert rated.get("/ready").status_code == 200
    assert rated.get("/providers").status_code == 200
    assert rated.get("/facts", params={"provider": "lasernet"}).status_code == 200


def test_caps_still_hold_with_the_limits(rated: TestClient) -> None:
    big = b'{"question": "' + b"a" * MAX_BODY_BYTES + b'"}'
    response = rated.post("/ask", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    long_question = {"question": "a" * (MAX_QUESTION_CHARS + 1), "provider": "lasernet"}
    assert rated.post("/ask", json=long_question).status_code == 422
    too_long_q = {"q": "a" * (MAX_QUESTION_CHARS + 1), "provider": "lasernet"}
    assert rated.get("/search", params=too_long_q).status_code == 422
    # Refused input spends no token: the whole burst is still there.
    codes = [rated.post("/ask", json=ASK).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_errors_raised_on_the_answer_thread_keep_their_status(rated: TestClient) -> None:
    response = rated.post("/ask", json={"question": "qual a porta", "provider": "nope"})
    assert response.status_code == 404 and "nope" in response.text


def test_openapi_documents_the_limit_statuses(rated: TestClient) -> None:
    paths = rated.get("/openapi.json").json()["paths"]
    for path, method in (("/ask", "post"), ("/search", "get")):
        assert {"429", "503", "504"} <= set(paths[path][method]["responses"]), path
    assert "429" not in paths["/health"]["get"]["responses"]


def test_responses_name_the_worker_pid(rated: TestClient) -> None:
    import os

    assert rated.get("/health").headers["X-Worker-Pid"] == str(os.getpid())


# ---- concurrency and deadline -------------------------------------------------------------------


class Gate:
    """An engine method that blocks until the test opens the gate (or 5 s pass)."""

    def __init__(self, engine: Engine) -> None:
        self.opened = threading.Event()
        self.real = engine.ask
        self.entered = 0
        self.lock = threading.Lock()

    def ask(self, *args: Any) -> dict[str, Any]:
        with self.lock:
            self.entered += 1
        self.opened.wait(5)
        return self.real(*args)


@pytest.fixture
def gated(laser_index: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Gate]]:
    client = make_client(laser_index, max_concurrency=2, request_timeout=0.5, rate_limit=0)
    with client:
        gate = Gate(engine_of(client))
        monkeypatch.setattr(engine_of(client), "ask", gate.ask)
        try:
            yield client, gate
        finally:
            gate.opened.set()


def test_beyond_max_concurrency_503_at_once(gated: tuple[TestClient, Gate]) -> None:
    client, gate = gated
    client.app.state.services.limits.timeout = 5.0  # type: ignore[attr-defined]
    results: list[int] = []

    def call() -> None:
        results.append(client.post("/ask", json=ASK).status_code)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    wait_until(lambda: gate.entered == 2)
    started = time.monotonic()
    busy = client.post("/ask", json=ASK)
    assert time.monotonic() - started < 1.0, "refused at once, not queued"
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert "busy" in busy.json()["detail"]
    assert client.get("/search", params={"q": "porta"}).status_code == 503
    assert client.get("/health").status_code == 200 and client.get("/ready").status_code == 200
    gate.opened.set()
    for thread in threads:
        thread.join(10)
    assert results == [200, 200]
    wait_until(lambda: limits_of(client).concurrency.in_flight == 0)
    assert client.post("/ask", json=ASK).status_code == 200, "slots come back"


def test_deadline_gives_504_and_the_slot_counts_until_the_work_ends(
    gated: tuple[TestClient, Gate],
) -> None:
    client, gate = gated
    started = time.monotonic()
    response = client.post("/ask", json=ASK)
    took = time.monotonic() - started
    assert response.status_code == 504
    assert response.json() == {"detail": "deadline exceeded: no answer within 0.5 s"}
    assert 0.4 <= took < 2.0, took
    # The overrunning answer still holds its slot: threads can never pile up past the cap.
    assert limits_of(client).concurrency.in_flight == 1
    assert client.post("/ask", json=ASK).status_code == 504
    assert client.post("/ask", json=ASK).status_code == 503
    gate.opened.set()
    wait_until(lambda: limits_of(client).concurrency.in_flight == 0)
    assert client.post("/ask", json=ASK).status_code == 200
