"""Request limits: a per-caller rate limit, bounded concurrency and a deadline.

``Limits.run`` guards one request of /ask or /search: 429 when the caller spent its rate, 503 at
once when ``max_concurrency`` answers are already being computed, 504 when the answer takes
longer than the deadline. The answer work runs on a thread pool of its own, sized to the
concurrency cap: a slot is freed only when its thread really ends, so answers that overran the
deadline still count until they finish and can never pile up threads.

The rate counts per API key (or per client address when no keys are configured). Each caller
has the app's default rate (``RAG_RATE_LIMIT``; by default off without keys and 600 a minute per
key with keys, ``rag_service.settings``) unless its key carries its own ``rate_limit``; a rate
of 0 is no limit.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple, TypeVar

from fastapi import HTTPException, Request

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Buckets kept before idle (full) ones are dropped: callers by IP are not a closed set.
MAX_BUCKETS = 10_000

# Documented in the OpenAPI of the limited routes, so clients and schema checks know them.
LIMIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: {"description": "rate limit of the caller spent; retry after Retry-After seconds"},
    503: {"description": "no index loaded, or too many requests in flight (Retry-After)"},
    504: {"description": "deadline exceeded: no answer within the request timeout"},
}


class RateLimiter:
    """Token buckets per caller key: ``per_minute`` tokens a minute, up to ``burst`` at once.

    ``per_minute`` is the default rate (0: no limit); a caller may bring its own rate to
    ``acquire`` (a key's ``rate_limit``), which its bucket then fills at.
    """

    def __init__(
        self,
        per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = MAX_BUCKETS,
    ) -> None:
        if per_minute < 0:
            raise ValueError(f"per_minute must be >= 0, got {per_minute}")
        if burst < 1:
            raise ValueError(f"burst must be >= 1, got {burst}")
        self.per_minute = float(per_minute)
        self.burst = burst
        self._clock = clock
        self._max_buckets = max_buckets
        # key -> (tokens, at, tokens per second)
        self._buckets: dict[str, tuple[float, float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str, per_minute: float | None = None) -> float | None:
        """Spend one token of ``key``: None if allowed, else the seconds until one is back.

        ``per_minute`` is this caller's own rate (None: the default); 0 never limits.
        """
        minute = self.per_minute if per_minute is None else per_minute
        if minute <= 0:
            return None
        rate = minute / 60.0  # tokens per second
        with self._lock:
            now = self._clock()
            tokens, at, _ = self._buckets.get(key, (float(self.burst), now, rate))
            tokens = min(float(self.burst), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now, rate)
                if len(self._buckets) > self._max_buckets:
                    self._prune(now)
                return None
            self._buckets[key] = (tokens, now, rate)
            return (1.0 - tokens) / rate

    def _prune(self, now: float) -> None:
        # A bucket refilled to the brim holds no state worth keeping.
        full = [
            key
            for key, (tokens, at, rate) in self._buckets.items()
            if tokens + (now - at) * rate >= self.burst
        ]
        for key in full:
            del self._buckets[key]


class ConcurrencyLimiter:
    """At most ``limit`` holders at once; ``try_acquire`` never waits."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        self.limit = limit
        self._semaphore = threading.BoundedSemaphore(limit)
        self._count = 0
        self._lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        """How many slots are held now."""
        return self._count

    def try_acquire(self) -> bool:
        """Take a slot if one is free; False at once when all are held."""
        if not self._semaphore.acquire(blocking=False):
            return False
        with self._lock:
            self._count += 1
        return True

    def release(self) -> None:
        """Give a slot back (from any thread)."""
        with self._lock:
            self._count -= 1
        self._semaphore.release()


class Caller(NamedTuple):
    """Whom the rate limit counts (``key:<id>`` or ``ip:<address>``) and its own rate, if any."""

    key: str
    rate_limit: float | None = None


class Limits:
    """The limits of one app: rate per caller, answers in flight, and the deadline of each."""

    def __init__(
        self,
        rate_per_minute: float,
        burst: int,
        max_concurrency: int,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0, got {timeout}")
        # A default rate of 0 limits only the keys that carry a rate of their own.
        self.rate = RateLimiter(rate_per_minute, burst, clock)
        self.concurrency = ConcurrencyLimiter(max_concurrency)
        self.timeout = timeout
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    def check_rate(self, caller: Caller | str) -> None:
        """Raise 429 with ``Retry-After`` (whole seconds, at least 1) when over its rate."""
        if isinstance(caller, str):
            caller = Caller(caller)
        wait = self.rate.acquire(caller.key, caller.rate_limit)
        if wait is not None:
            retry = max(1, math.ceil(wait))
            raise HTTPException(
                status_code=429,
                detail=f"rate limit exceeded: retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )

    async def run(self, caller: Caller | str, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` on a worker thread, within the rate, concurrency and deadline limits."""
        self.check_rate(caller)
        key = caller if isinstance(caller, str) else caller.key
        if not self.concurrency.try_acquire():
            raise HTTPException(
                status_code=503,
                detail=f"busy: {self.concurrency.limit} requests in flight, retry shortly",
                headers={"Retry-After": "1"},
            )
        try:
            work = self._pool().submit(func, *args)
        except BaseException:
            self.concurrency.release()
            raise
        # Runs when the work ends, or when it is cancelled before it started: the slot counts
        # until then, so answers that overran the deadline still hold theirs.
        work.add_done_callback(lambda _: self.concurrency.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(work), self.timeout)
        except TimeoutError:
            logger.warning("request of %s exceeded its deadline of %.3g s", key, self.timeout)
            raise HTTPException(
                status_code=504, detail=f"deadline exceeded: no answer within {self.timeout:g} s"
            ) from None

    def _pool(self) -> ThreadPoolExecutor:
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=self.concurrency.limit, thread_name_prefix="answer"
                )
            return self._executor

    def close(self) -> None:
        """Stop the thread pool without waiting for answers still running."""
        with self._executor_lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None


def caller_key(request: Request) -> str:
    """Whom the rate limit counts: the key id set by authentication, else the client address."""
    key_id = getattr(request.state, "key_id", None)
    if key_id:
        return f"key:{key_id}"
    host = request.client.host if request.client else "unknown"
    return f"ip:{host}"


def caller_of(request: Request) -> Caller:
    """The caller with its key's own rate (``request.state.rate_limit``, set by authentication)."""
    own = (
        getattr(request.state, "rate_limit", None)
        if getattr(request.state, "key_id", None)
        else None
    )
    return Caller(caller_key(request), own)


def get_limits(request: Request) -> Limits:
    """The app's limits (a FastAPI dependency)."""
    limits: Limits = request.app.state.limits
    return limits
