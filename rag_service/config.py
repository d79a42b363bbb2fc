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


settings = Settings()
