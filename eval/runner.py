"""Asking the gold questions: over HTTP (a running service) or in-process (an Engine).

The I/O side of the evaluation; scoring.py judges what comes back.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.http_retry import DEFAULT_POLICY, RetryPolicy, post_retrying
from eval.scoring import GOLD_KEYS, GoldItem, ItemResult, unknown_keys

if TYPE_CHECKING:
    import httpx

    from ingest.index import Embedder, LoadedVersion
    from rag_service.answering import Engine, Mode

logger = logging.getLogger(__name__)

# hit@5 needs five passages; the answer itself does not depend on top_k.
EVAL_TOP_K = 5

AskFn = Callable[[str, str | None, int], Mapping[str, Any]]


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


def load_gold(path: Path, warn: Callable[[str], None] | None = None) -> list[GoldItem]:
    """Every item of a JSONL gold file, validated, ids unique.

    A line holds ``id`` and ``q``, and ``expect`` (a list of strings) or ``abstain: true``;
    ``exact`` (false), ``forbid`` ([]), ``provider`` (null) and ``category`` ("general") are
    optional. A missing key or a bad value is a GoldError naming the line; a key this code
    does not know is a warning naming the line, given to ``warn`` (default: logged), and the
    line is still read.
    """
    if warn is None:
        warn = logger.warning
    items: list[GoldItem] = []
    seen: set[str] = set()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            item = GoldItem.from_dict(data)
        except (json.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise GoldError(f"{path}:{number}: {exc}") from exc
        extra = unknown_keys(data)
        if extra:
            known = ", ".join(GOLD_KEYS)
            many = "s" if len(extra) > 1 else ""
            names = ", ".join(extra)
            warn(f"{path}:{number}: warning: unknown key{many} {names} ignored (known: {known})")
        if item.id in seen:
            raise GoldError(f"{path}:{number}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise GoldError(f"{path}: no gold items")
    return items


def error_response(message: str) -> dict[str, Any]:
    """What a failed request is scored as: neither answered nor not_found."""
    return {"status": "error", "answer": None, "value": None, "source": None, "error": message}


def run_items(
    items: Sequence[GoldItem], ask: AskFn, top_k: int = EVAL_TOP_K, warm_up: bool = True
) -> list[ItemResult]:
    """Ask every item once and judge it; latency is wall-clock time around the call."""
    if warm_up and items:
        # The first call pays for lazy loading (model, caches); it must not skew p95.
        ask(items[0].q, items[0].provider, top_k)
    results = []
    for item in items:
        started = time.perf_counter()
        response = ask(item.q, item.provider, top_k)
        latency = (time.perf_counter() - started) * 1000.0
        results.append(ItemResult.judged(item, response, latency))
    return results


class HttpAsker:
    """POSTs questions to ``{url}/ask`` of a running service.

    A 429 or 503 with ``Retry-After`` is waited out and asked again (``eval.http_retry``,
    bounded by ``policy``) instead of being scored as a failure; ``retries`` and ``waited``
    count what that cost (the waits are part of the measured latency of those items).
    """

    def __init__(
        self,
        url: str,
        timeout: float = 30.0,
        client: httpx.Client | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
        sleep: Callable[[float], None] = time.sleep,
    ):
        import httpx

        self.url = url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout)
        self.policy = policy
        self._sleep = sleep
        self.retries = 0
        self.waited = 0.0

    def __call__(self, question: str, provider: str | None, top_k: int) -> Mapping[str, Any]:
        import httpx

        body = {"question": question, "provider": provider, "top_k": top_k}
        try:
            sent = post_retrying(self._client, f"{self.url}/ask", body, self.policy, self._sleep)
        except httpx.TransportError as exc:
            # The service is down or unreachable: nothing else can be measured.
            raise ConnectionError(f"{self.url}/ask: {exc}") from exc
        self.retries += sent.retries
        self.waited += sent.waited
        reply = sent.response
        if reply.status_code != 200:
            return error_response(f"HTTP {reply.status_code}: {reply.text[:200]}")
        data: Mapping[str, Any] = reply.json()
        return data

    def close(self) -> None:
        if self.retries:
            logger.warning(
                "%s: %d retries after 429/503, %.1f s waited as Retry-After asked",
                self.url,
                self.retries,
                self.waited,
            )
        self._client.close()


class EngineSet:
    """One loaded index version shared by engines of several modes and options."""

    def __init__(
        self,
        index_dir: Path,
        embedder: Embedder | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        from ingest.index import load_version

        self.index_dir = Path(index_dir)
        self.loaded: LoadedVersion = load_version(self.index_dir)
        self._embedder = embedder
        self.options = dict(options or {})
        self._engines: dict[tuple[str, str], Engine] = {}

    @property
    def version(self) -> str:
        return self.loaded.version

    def embedder(self) -> Embedder:
        """The index's model, loaded on first need (lexical runs never load it)."""
        if self._embedder is None:
            from ingest.index import load_embedder

            self._embedder = load_embedder(self.loaded.manifest["model"]["name"])
        return self._embedder

    def engine(self, mode: Mode, **overrides: Any) -> Engine:
        """The engine of a mode (built once), with the set's options and these overrides."""
        from rag_service.answering import MODES, Engine

        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")
        options = {**self.options, **overrides}
        key = (mode, json.dumps(options, sort_keys=True, default=str))
        if key not in self._engines:
            embedder = None if mode == "lexical" else self.embedder()
            self._engines[key] = Engine(self.loaded, embedder, mode, **options)
        return self._engines[key]

    def raw_engine(self, mode: Mode) -> Engine:
        """An engine that never abstains on low confidence (for calibration)."""
        return self.engine(mode, min_confidence=0.0)


def engine_asker(engine: Engine) -> AskFn:
    """An AskFn over an in-process engine; request errors are scored, not raised."""

    def ask(question: str, provider: str | None, top_k: int) -> Mapping[str, Any]:
        try:
            return engine.ask(question, provider=provider, top_k=top_k).to_dict()
        except (LookupError, ValueError) as exc:
            # Unknown provider or a question the engine refuses: the item fails visibly.
            return error_response(f"{type(exc).__name__}: {exc}")

    return ask


def parse_option(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` of --engine-opt; VALUE read as JSON when it parses, else as a string."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"engine option must be KEY=VALUE, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key.strip(), value
