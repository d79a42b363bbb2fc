"""Clients of the service that wait when told to: ``Retry-After`` on 429 and 503, bounded.

The service answers 429 when a caller spent its rate and 503 when it is busy (or has no index
yet), with ``Retry-After`` in seconds. A batch client (``python -m eval --url``, the benchmarks)
waits that long and asks again instead of counting a failure, a bounded number of times and
never longer than the policy allows; a 429/503 without ``Retry-After``, or one that asks for a
longer wait, is returned as it is.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """How long a client waits for the service: tries in all, longest wait, all waits together."""

    attempts: int = 6
    max_wait: float = 30.0
    total_wait: float = 120.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be >= 1, got {self.attempts}")
        if self.max_wait < 0 or self.total_wait < 0:
            raise ValueError(f"waits must be >= 0, got {self.max_wait}, {self.total_wait}")


DEFAULT_POLICY = RetryPolicy()


class Sent(NamedTuple):
    """The last response, the tries it took and the seconds spent waiting between them."""

    response: httpx.Response
    retries: int
    waited: float


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """The seconds ``Retry-After`` asks for (delay-seconds or an HTTP date), None if none."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        return None
    wait = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, wait) if math.isfinite(wait) else None


def send_retrying(
    send: Callable[[], httpx.Response],
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> Sent:
    """``send()`` until it is not a 429/503 with an acceptable ``Retry-After``, within policy."""
    waited = 0.0
    for attempt in range(1, policy.attempts + 1):
        response = send()
        if response.status_code not in RETRY_STATUSES or attempt == policy.attempts:
            return Sent(response, attempt - 1, waited)
        wait = retry_after(response)
        if wait is None or wait > policy.max_wait or waited + wait > policy.total_wait:
            return Sent(response, attempt - 1, waited)
        logger.info("HTTP %d: waiting %.3g s as Retry-After asks", response.status_code, wait)
        sleep(wait)
        waited += wait
    raise AssertionError("unreachable: the last attempt returns")


def post_retrying(
    client: httpx.Client,
    url: str,
    body: object,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> Sent:
    """POST ``body`` as JSON to ``url`` (the client's timeout), honouring ``Retry-After``."""
    return send_retrying(lambda: client.post(url, json=body), policy, sleep)
