"""Service settings: environment variables with the prefix ``RAG_``, overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.config import PROJECT_ROOT

Mode = Literal["lexical", "dense", "hybrid", "full"]
Fusion = Literal["rrf", "weighted"]

NO_INDEX_DETAIL = "no index: run python -m ingest SOURCE --index-dir DIR"
MAX_QUESTION_CHARS = 1000
MAX_BODY_BYTES = 64 * 1024
MAX_TOP_K = 10

# Defaults of the ranking; the evaluation (eval/) measures them and may move them.
DEFAULT_FUSION: Fusion = "rrf"
DEFAULT_RRF_K = 60
DEFAULT_LEXICAL_WEIGHT = 0.5
DEFAULT_MIN_CONFIDENCE = 0.3


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
    poll_interval: float = Field(default=0.5, gt=0.0)
    # Agents' feedback on answers, append-only JSON lines (eval.feedback_export reads it).
    feedback_path: Path = PROJECT_ROOT / "var" / "feedback.jsonl"
    log_level: str = "info"


settings = Settings()
