"""The numpy BERT encoder gives the library's vectors, and the default model loads without torch."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest.index.bert import BertEncoder, _erf, supports
from ingest.index.embed import (
    BULK_TEXTS,
    EmbedderLoadError,
    NumpyBertEmbedder,
    SentenceTransformerEmbedder,
    load_embedder,
    resolve_model,
)
from ingest.settings import DEFAULT_MODEL

TEXTS = [
    "Qual a senha padrão do roteador W5-1200G? R: Usuário admin / senha Laser@2024!",
    "qto custa 100 mega",
    "",
    "   espaços em volta   ",
    "Taxa de instalação: R$ 120,00 em 2x (isenta no plano de 1 GIGA)",
    "bloqueio após 15 dias de atraso; desbloqueio em confiança até 48h",
    "palavra " * 400,  # beyond the model's 256 tokens: truncated the same way
]


def _folder() -> Path:
    return Path(resolve_model(DEFAULT_MODEL))


def test_erf_matches_the_standard_library() -> None:
    x = np.linspace(-6, 6, 20001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    assert np.abs(_erf(x.copy()) - expected).max() < 1e-6


@pytest.mark.integration
def test_vectors_equal_sentence_transformers() -> None:
    numpy_vectors = NumpyBertEmbedder(DEFAULT_MODEL, _folder()).encode(TEXTS)
    library_vectors = SentenceTransformerEmbedder(DEFAULT_MODEL).encode(TEXTS)
    assert numpy_vectors.shape == library_vectors.shape == (len(TEXTS), 384)
    assert np.abs(numpy_vectors - library_vectors).max() < 1e-5
    # Batching and padding do not change a text's vector.
    alone = NumpyBertEmbedder(DEFAULT_MODEL, _folder()).encode([TEXTS[1]])
    assert np.abs(alone[0] - numpy_vectors[1]).max() < 1e-5


def test_the_default_model_loads_without_torch() -> None:
    code = (
        "import sys\n"
        "from ingest.index import load_embedder\n"
        "from ingest.settings import DEFAULT_MODEL\n"
        "e = load_embedder(DEFAULT_MODEL)\n"
        "v = e.encode(['senha do roteador'])\n"
        "print(type(e).__name__, v.shape[1], 'torch' in sys.modules, "
        "'transformers' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == ["NumpyBertEmbedder", "384", "False", "False"]


@pytest.mark.integration
def test_a_bulk_job_uses_the_library() -> None:
    assert isinstance(load_embedder(DEFAULT_MODEL), NumpyBertEmbedder)
    bulk = load_embedder(DEFAULT_MODEL, texts=BULK_TEXTS + 1)
    assert isinstance(bulk, SentenceTransformerEmbedder) and bulk.name == DEFAULT_MODEL


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(_folder(), target)
    return target


def test_other_poolings_and_incomplete_folders_are_left_to_the_library(tmp_path: Path) -> None:
    folder = _copy_model(tmp_path)
    assert supports(folder)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text(encoding="utf-8"))
    config["pooling_mode_mean_tokens"], config["pooling_mode_cls_token"] = False, True
    pooling.write_text(json.dumps(config), encoding="utf-8")
    assert not supports(folder)
    with pytest.raises(ValueError, match="pooling"):
        BertEncoder(folder)
    other = _copy_model(tmp_path / "b")
    (other / "tokenizer.json").unlink()
    assert not supports(other)
    assert not supports(tmp_path / "nowhere")


def test_damaged_weights_are_one_clear_error(tmp_path: Path) -> None:
    folder = _copy_model(tmp_path)
    (folder / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(EmbedderLoadError, match="cannot load embedding model"):
        NumpyBertEmbedder("damaged", folder)
