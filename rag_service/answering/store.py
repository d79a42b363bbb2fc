"""The engine of the current index version, reloaded in the background when CURRENT changes.

Requests read ``store.engine`` once and use that engine to the end, so a response names the one
version it used. A new version is loaded and its engine built entirely on the poller thread;
only then is the single reference replaced. A reload reads and builds only the partitions the
engine in service does not hold (by digest) and shares the others with it, so it costs, in time
and memory, what changed.

With a ``Follower`` (a replica of an object store) each poll first brings the store's current
version into the local index (``ingest.index.follow``), then follows the local ``CURRENT``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.index import CURRENT, LoadedVersion, load_version, read_manifest
from ingest.index.follow import Follower
from rag_service.answering.engine import Engine, RankingOptions
from rag_service.answering.records import Mode

if TYPE_CHECKING:
    from ingest.index import Embedder

logger = logging.getLogger(__name__)

# Builds the engine of a loaded version, reusing what it can of the engine in service (or None).
EngineBuilder = Callable[[LoadedVersion, Engine | None], Engine]
# What identifies one state of CURRENT: (mtime_ns, inode, version name).
Signature = tuple[int, int, str]


class Builder:
    """Turns a loaded version into an engine of ``mode`` ranking as ``ranking``.

    Without an injected embedder the model named in the version's manifest is loaded (once per
    process, with ``torch_threads``) and warmed up, so the first question after a reload does
    not pay for it; ``preload`` starts that load on a thread while the index is read.
    """

    def __init__(
        self,
        mode: Mode,
        ranking: RankingOptions,
        embedder: Embedder | None = None,
        torch_threads: int = 2,
    ) -> None:
        self.mode = mode
        self.ranking = ranking
        self.embedder = embedder
        self.torch_threads = torch_threads

    def _embedder(self, model: str) -> Embedder:
        from ingest.index import load_embedder

        chosen = load_embedder(model, threads=self.torch_threads)
        chosen.encode(["warm up"])
        return chosen

    def preload(self, model: str) -> None:
        """Load ``model`` on a daemon thread (``load_embedder`` lets ``__call__`` wait for it)."""
        if self.embedder is None and self.mode != "lexical":
            threading.Thread(target=self._preload, args=(model,), daemon=True).start()

    def _preload(self, model: str) -> None:
        try:
            self._embedder(model)
        except Exception:  # the build that needs it loads it again and reports the error
            logger.debug("preloading %s failed", model, exc_info=True)

    def __call__(self, loaded: LoadedVersion, previous: Engine | None = None) -> Engine:
        chosen = self.embedder
        if chosen is None and self.mode != "lexical":
            chosen = self._embedder(loaded.manifest["model"]["name"])
        ranking = self.ranking
        return Engine(
            loaded,
            chosen,
            self.mode,
            previous=previous,
            fusion=ranking.fusion,
            rrf_k=ranking.rrf_k,
            lexical_weight=ranking.lexical_weight,
            expansion_weight=ranking.expansion_weight,
            min_confidence=ranking.min_confidence,
        )


def engine_builder(
    mode: Mode,
    ranking: RankingOptions,
    embedder: Embedder | None = None,
    torch_threads: int = 2,
) -> EngineBuilder:
    """The builder of engines of ``mode`` (see ``Builder``)."""
    return Builder(mode, ranking, embedder, torch_threads)


class EngineStore:
    """Holds the current engine; ``refresh`` (or the poller thread) follows ``CURRENT``."""

    def __init__(
        self,
        index_dir: Path,
        build: EngineBuilder,
        poll_interval: float = 0.5,
        follower: Follower | None = None,
    ) -> None:
        if poll_interval <= 0:
            raise ValueError(f"poll_interval must be > 0, got {poll_interval}")
        self.index_dir = Path(index_dir)
        self.poll_interval = poll_interval
        self.follower = follower
        self._build = build
        self._engine: Engine | None = None
        self._seen: Signature | None = None
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    @property
    def engine(self) -> Engine | None:
        """The engine in service now (None before any version loaded)."""
        return self._engine

    def _signature(self) -> Signature | None:
        path = self.index_dir / CURRENT
        try:
            stat = path.stat()
            name = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            logger.warning("cannot read %s: %s", path, exc)
            return None
        return (stat.st_mtime_ns, stat.st_ino, name)

    def refresh(self) -> bool:
        """Load the version ``CURRENT`` names if it changed since the last look; True if swapped.

        A version that fails to load is logged and skipped until ``CURRENT`` changes again; the
        engine in service stays.
        """
        with self._refresh_lock:
            if self.follower is not None:
                self.follower.sync()
            signature = self._signature()
            if signature is None or signature == self._seen:
                return False
            self._seen = signature
            version = signature[2]
            current = self._engine
            if current is not None and current.version == version:
                return False
            try:
                preload = getattr(self._build, "preload", None)
                if current is None and preload is not None:
                    # The model loads while the index is read (both take seconds at start).
                    preload(read_manifest(self.index_dir, version)["model"]["name"])
                held = {v.digest for v in current.indexes.values()} if current else set()
                loaded = load_version(self.index_dir, version, skip=held)
                engine = self._build(loaded, current)
            except Exception as exc:
                self.last_error = f"{version}: {exc}"
                logger.error(
                    "index version %s not loaded, still serving %s: %s",
                    version,
                    current.version if current else "nothing",
                    exc,
                )
                return False
            self._engine = engine
            self.last_error = None
            logger.info(
                "serving index version %s (was %s): %d of %d providers built",
                version,
                current.version if current else "nothing",
                engine.portfolio.built,
                len(engine.indexes),
            )
            return True

    def start(self) -> None:
        """Start polling ``CURRENT`` every ``poll_interval`` seconds on a daemon thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._poll, name="index-reload", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the poller and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_interval):
            try:
                self.refresh()
            except Exception:
                # The poller must survive anything; the next tick tries again.
                logger.exception("index reload check failed")
