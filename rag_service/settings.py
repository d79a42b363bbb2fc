"""Service settings: environment variables with the prefix ``RAG_``, overridden by CLI flags.

One ``Settings`` object is made where the service starts (``python -m rag_service``, or a test)
and passed down explicitly: the app factory takes it, and nothing reads the environment after.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.settings import PROJECT_ROOT
from rag_service.answering import Mode, RankingOptions

Fusion = Literal["rrf", "weighted"]
RANKING = RankingOptions()

NO_INDEX_DETAIL = "no index: run python -m ingest SOURCE --index-dir DIR"
MAX_QUESTION_CHARS = 1000
MAX_BODY_BYTES = 64 * 1024

# An agent types a question while on a call and the page asks at most every 0.6 s while typing:
# 600 a minute with a burst of 60 never limits a person, only a runaway script. It is the
# default of each key when keys are configured; without keys the service is one local user on
# loopback, where a rate limit would only break scripts: none unless RAG_RATE_LIMIT is set.
DEFAULT_RATE_LIMIT = 600.0
DEFAULT_RATE_BURST = 60
# Answers take milliseconds; 16 in flight per process is far more than 2 cores can run at once.
DEFAULT_MAX_CONCURRENCY = 16
DEFAULT_REQUEST_TIMEOUT = 5.0


class Settings(BaseSettings):
    """Every option as ``RAG_<NAME>``: index dir, host, port, mode, ranking, feedback path."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    index_dir: Path = PROJECT_ROOT / "var" / "index"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    mode: Mode = "full"
    # Ranking and abstention (rag_service.answering.RankingOptions says how they were chosen).
    fusion: Fusion = RANKING.fusion  # type: ignore[assignment]
    rrf_k: int = Field(default=RANKING.rrf_k, ge=1)
    lexical_weight: float = Field(default=RANKING.lexical_weight, ge=0.0, le=1.0)
    min_confidence: float = Field(default=RANKING.min_confidence, ge=0.0, le=1.0)
    expansion_weight: float = Field(default=RANKING.expansion_weight, ge=0.0, le=1.0)
    poll_interval: float = Field(default=0.5, gt=0.0)
    # A replica: follow this S3 bucket's current version (s3://BUCKET[/PREFIX]) into index_dir,
    # its local cache (ingest.index.follow); the endpoint for a store other than AWS.
    object_store: str | None = Field(
        default=None, pattern=r"^s3://[a-z0-9][a-z0-9.\-]+[a-z0-9](/.*)?$"
    )
    s3_endpoint: str | None = None
    # Agents' feedback on answers, append-only JSON lines (eval.feedback_export reads it).
    feedback_path: Path = PROJECT_ROOT / "var" / "feedback.jsonl"
    log_level: str = "info"
    # Limits of /ask and /search (rag_service.http.limits). Requests a minute per API key (per
    # client address without keys), with a burst; 0 turns the rate limit off. Unset: off without
    # keys, DEFAULT_RATE_LIMIT per key with keys (a key's own ``rate_limit`` beats both).
    rate_limit: float | None = Field(default=None, ge=0.0)
    rate_burst: int = Field(default=DEFAULT_RATE_BURST, ge=1)
    max_concurrency: int = Field(default=DEFAULT_MAX_CONCURRENCY, ge=1)
    request_timeout: float = Field(default=DEFAULT_REQUEST_TIMEOUT, gt=0.0)
    # Server processes; each loads the index and follows CURRENT by itself.
    workers: int = Field(default=1, ge=1)
    # API keys (rag_service.security.auth): a JSON keys file and/or RAG_API_KEYS, hashes only.
    # With neither, the service serves everything and must listen on loopback only.
    keys_file: Path | None = None
    api_keys: str | None = None
    # Audit trail of /ask and /search (rag_service.security.audit): JSON lines, rotated by size.
    audit_path: Path = PROJECT_ROOT / "var" / "audit.jsonl"
    audit_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # Threads of torch (the query embedding) and of OpenMP (faiss); ``--workers`` sets both to
    # cores / workers before the libraries load (rag_service.threads).
    torch_threads: int = Field(default=2, ge=1)
    omp_num_threads: int | None = Field(default=None, ge=1, validation_alias="OMP_NUM_THREADS")

    def rate_per_minute(self, keys_required: bool) -> float:
        """The default rate of a caller: ``rate_limit`` when set, else by whether keys are on."""
        if self.rate_limit is not None:
            return self.rate_limit
        return DEFAULT_RATE_LIMIT if keys_required else 0.0

    def ranking(self) -> RankingOptions:
        """The ranking options of the engine."""
        return RankingOptions(
            fusion=self.fusion,
            rrf_k=self.rrf_k,
            lexical_weight=self.lexical_weight,
            min_confidence=self.min_confidence,
            expansion_weight=self.expansion_weight,
        )


# The environment variables that size the thread pools of OpenMP/BLAS (faiss, numpy) and torch.
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "RAG_TORCH_THREADS")


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def thread_budget(workers: int, cpus: int | None = None) -> int:
    """Threads each of ``workers`` processes may use so that together they fill the CPUs once."""
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    return max(1, (cpus if cpus is not None else cpu_count()) // workers)


def bound_threads(
    workers: int, environ: MutableMapping[str, str] | None = None, cpus: int | None = None
) -> dict[str, str]:
    """Set the thread variables the user left unset to the per-worker budget; those set now.

    Must run before torch or faiss are imported (they read the variables when they load);
    worker processes inherit the environment.
    """
    env: MutableMapping[str, str] = os.environ if environ is None else environ
    budget = str(thread_budget(workers, cpus))
    chosen = {name: budget for name in THREAD_VARS if not env.get(name)}
    env.update(chosen)
    return chosen


def apply_faiss_threads(threads: int | None) -> int | None:
    """Tell faiss's OpenMP the thread budget (``OMP_NUM_THREADS``); the count set, or None."""
    if threads is None or threads < 1:
        return None
    import faiss

    faiss.omp_set_num_threads(threads)
    return threads
