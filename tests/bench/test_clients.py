"""The benchmarks' clients wait out 429/503 as Retry-After asks instead of failing."""

from __future__ import annotations

import threading

import httpx

from bench.ask_latency import ask
from bench.soak import QUESTIONS, Record, client_loop


def flaky_server(stop: threading.Event | None = None, limit: int = 0) -> httpx.MockTransport:
    """Every other request gets 429 with Retry-After 0; the others an answer."""
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if stop is not None and len(calls) >= limit:
            stop.set()
        if len(calls) % 2 == 1:
            return httpx.Response(429, headers={"Retry-After": "0"}, json={"detail": "slow down"})
        return httpx.Response(200, json={"status": "answered", "source": "rule", "value": "x"})

    return httpx.MockTransport(handle)


def test_ask_latency_waits_out_a_429_and_measures_the_answer() -> None:
    slept: list[float] = []
    with httpx.Client(transport=flaky_server()) as client:
        elapsed, source = ask(client, "http://svc", "qual a porta", None, sleep=slept.append)
    assert source == "rule" and slept == [0.0] and elapsed >= 0.0


def test_soak_clients_count_no_failure_for_a_429_with_retry_after() -> None:
    stop = threading.Event()
    out: list[Record] = []
    client = httpx.Client(base_url="http://svc", transport=flaky_server(stop, limit=12))
    client_loop("http://svc", stop, out, 0, client=client)
    assert len(out) >= 5
    assert all(r.status_code == 200 and r.body is not None for r in out), out
    assert {r.question for r in out} <= {q for q, _, _ in QUESTIONS}
