"""Service settings: environment variables with the prefix ``RAG_``, overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.settings import PROJECT_ROOT

Mode = Literal["lexical", "dense", "hybrid", "full"]
Fusion = Literal["rrf", "weighted"]

NO_INDEX_DETAIL = "no index: run python -m ingest SOURCE --index-dir DIR"
MAX_QUESTION_CHARS = 1000
MAX_BODY_BYTES = 64 * 1024
MAX_TOP_K = 10

# Defaults of the ranking, measured with the evaluation on eval/gold.jsonl (full mode):
#   python -m eval --gold eval/gold.jsonl --index-dir DIR --mode full \
#       --engine-opt fusion=weighted --engine-opt lexical_weight=0.6
# Weighted fusion beat RRF (answer accuracy 0.928-0.933 vs 0.880-0.914); lexical weights 0.4-0.85
# were within 0.005 of each other, 0.6 kept the best abstention precision.
DEFAULT_FUSION: Fusion = "weighted"
DEFAULT_RRF_K = 60
DEFAULT_LEXICAL_WEIGHT = 0.6
# Retrieval answers below this confidence become not_found. Calibrated with
#   python -m eval --gold eval/gold.jsonl --index-dir DIR --calibrate
# which scans thresholds on answers given with min_confidence=0: the out-of-scope questions
# scored <= 0.14 and the lowest right answer 0.25; 0.17 was best, 0.18 sits nearer the gap's middle.
DEFAULT_MIN_CONFIDENCE = 0.18
# BM25 of the thesaurus expansion is added with this weight to BM25 of the agent's words.
DEFAULT_EXPANSION_WEIGHT = 0.5
# An agent types a question while on a call and the page asks at most every 0.6 s while typing:
# 600 a minute with a burst of 60 never limits a person, only a runaway script.
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
    fusion: Fusion = DEFAULT_FUSION
    rrf_k: int = Field(default=DEFAULT_RRF_K, ge=1)
    lexical_weight: float = Field(default=DEFAULT_LEXICAL_WEIGHT, ge=0.0, le=1.0)
    min_confidence: float = Field(default=DEFAULT_MIN_CONFIDENCE, ge=0.0, le=1.0)
    expansion_weight: float = Field(default=DEFAULT_EXPANSION_WEIGHT, ge=0.0, le=1.0)
    poll_interval: float = Field(default=0.5, gt=0.0)
    # Agents' feedback on answers, append-only JSON lines (eval.feedback_export reads it).
    feedback_path: Path = PROJECT_ROOT / "var" / "feedback.jsonl"
    log_level: str = "info"
    # Limits of /ask and /search (rag_service.http.limits). Requests a minute per API key (per
    # client address without keys), with a burst; 0 turns the rate limit off.
    rate_limit: float = Field(default=DEFAULT_RATE_LIMIT, ge=0.0)
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


settings = Settings()
