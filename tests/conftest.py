"""Shared fixtures: the shipped sheet, the second test sheet, a fake deterministic embedder."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from ingest.text import analyze

# Tests never write the project's own audit log or feedback file (var/ is the user's).
_SCRATCH = Path(tempfile.mkdtemp(prefix="sheetqa-tests-"))
os.environ.setdefault("RAG_AUDIT_PATH", str(_SCRATCH / "audit.jsonl"))
os.environ.setdefault("RAG_FEEDBACK_PATH", str(_SCRATCH / "feedback.jsonl"))

ROOT = Path(__file__).resolve().parent.parent
LASERNET = ROOT / "corpus" / "lasernet.txt"
VELOCINET = Path(__file__).resolve().parent / "data" / "velocinet.txt"


class HashEmbedder:
    """Deterministic bag-of-stems embedder: same text, same vector; shared stems, closer."""

    def __init__(self, dim: int = 64, name: str = "test-hash-embedder") -> None:
        self.dim = dim
        self.name = name
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in analyze(text) or ["<empty>"]:
                bucket = int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim
                out[row, bucket] += 1.0
            out[row] /= np.linalg.norm(out[row])
        return out


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def lasernet_path() -> Path:
    return LASERNET


@pytest.fixture(scope="session")
def velocinet_path() -> Path:
    return VELOCINET
