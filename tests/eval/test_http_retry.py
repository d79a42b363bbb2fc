"""Batch clients honour Retry-After on 429 and 503 (bounded) instead of counting a failure."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.http_retry import RetryPolicy, post_retrying, retry_after, send_retrying
from eval.runner import HttpAsker, run_items
from eval.scoring import GoldItem
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import LASERNET, HashEmbedder, build_index


def scripted(replies: list[tuple[int, dict[str, str]]]) -> tuple[httpx.Client, list[int]]:
    """A client whose server answers the given (status, headers) in turn, then 200."""
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) <= len(replies):
            status, headers = replies[len(calls) - 1]
            return httpx.Response(status, headers=headers, json={"detail": "later"})
        return httpx.Response(200, json={"status": "answered", "answer": "9020"})

    return httpx.Client(transport=httpx.MockTransport(handle)), calls


def recorder() -> tuple[list[float], Callable[[float], None]]:
    slept: list[float] = []
    return slept, slept.append


def test_retry_after_reads_seconds_and_http_dates() -> None:
    def reply(value: str | None) -> httpx.Response:
        return httpx.Response(429, headers={} if value is None else {"Retry-After": value})

    assert retry_after(reply("3")) == 3.0
    assert retry_after(reply(None)) is None
    assert retry_after(reply("soon")) is None
    now = time.time()
    date = email.utils.formatdate(now + 5, usegmt=True)
    assert retry_after(reply(date), now=now) == pytest.approx(5.0, abs=1.0)
    past = email.utils.formatdate(now - 60, usegmt=True)
    assert retry_after(reply(past), now=now) == 0.0


def test_429_and_503_are_waited_out_as_retry_after_asks() -> None:
    client, calls = scripted([(429, {"Retry-After": "2"}), (503, {"Retry-After": "1"})])
    slept, sleep = recorder()
    sent = post_retrying(client, "http://svc/ask", {"question": "porta"}, sleep=sleep)
    assert sent.response.status_code == 200
    assert (sent.retries, sent.waited, slept, len(calls)) == (2, 3.0, [2.0, 1.0], 3)


@pytest.mark.parametrize(
    ("replies", "status", "calls_made"),
    [
        ([(429, {})], 429, 1),  # no Retry-After: nothing says when, returned as it is
        ([(503, {"Retry-After": "600"})], 503, 1),  # longer than the policy waits
        ([(429, {"Retry-After": "1"})] * 10, 429, 3),  # bounded number of tries
        ([(500, {"Retry-After": "1"})], 500, 1),  # other errors are not retried
    ],
)
def test_retries_are_bounded(
    replies: list[tuple[int, dict[str, str]]], status: int, calls_made: int
) -> None:
    client, calls = scripted(replies)
    slept, sleep = recorder()
    policy = RetryPolicy(attempts=3, max_wait=30.0, total_wait=60.0)
    sent = send_retrying(lambda: client.post("http://svc/ask"), policy, sleep)
    assert sent.response.status_code == status and len(calls) == calls_made
    assert len(slept) == calls_made - 1


def test_total_wait_is_bounded() -> None:
    client, calls = scripted([(429, {"Retry-After": "20"})] * 5)
    slept, sleep = recorder()
    policy = RetryPolicy(attempts=10, max_wait=30.0, total_wait=50.0)
    sent = send_retrying(lambda: client.post("http://svc/ask"), policy, sleep)
    assert sent.response.status_code == 429 and slept == [20.0, 20.0] and len(calls) == 3


def test_policy_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="attempts must be >= 1, got 0"):
        RetryPolicy(attempts=0)


def test_http_asker_scores_the_answer_after_a_429_not_a_failure() -> None:
    client, _ = scripted([(429, {"Retry-After": "1"})])
    slept, sleep = recorder()
    asker = HttpAsker("http://svc", client=client, sleep=sleep)
    assert asker("porta", "p", 3)["status"] == "answered"
    assert (asker.retries, asker.waited, slept) == (1, 1.0, [1.0])


@pytest.mark.integration
def test_eval_over_http_against_a_rate_limited_service_answers_every_item(
    tmp_path: Path,
) -> None:
    """A real app limited to 120 a minute, burst 1: every item is answered, after waits."""
    index_dir = tmp_path / "index"
    build_index(index_dir, [LASERNET], HashEmbedder())
    settings = Settings(
        index_dir=index_dir,
        mode="lexical",
        rate_limit=120,
        rate_burst=1,
        audit_path=tmp_path / "audit.jsonl",
        feedback_path=tmp_path / "feedback.jsonl",
    )
    items = [
        GoldItem(f"i{n}", "qual a porta de acesso", ("9020",), False, (), False, "lasernet", "c")
        for n in range(3)
    ]
    with TestClient(create_app(settings, HashEmbedder())) as client:
        impatient = HttpAsker("http://testserver", client=client, policy=RetryPolicy(attempts=1))
        refused = run_items(items, impatient, warm_up=False)
        assert any(r.response.get("status") == "error" for r in refused), "the limit bites"
        asker = HttpAsker("http://testserver", client=client)
        results = run_items(items, asker, warm_up=False)
    assert [r.verdict.correct for r in results] == [True, True, True]
    assert asker.retries >= 2 and asker.waited >= 2.0
