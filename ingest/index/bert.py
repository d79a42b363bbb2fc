"""A BERT sentence model run with numpy: the shipped default model without torch or transformers.

Importing torch, transformers and sentence-transformers costs seconds before a single vector
is computed, and ingest and every service start pay it. A sentence-transformers folder whose
modules are a BERT encoder, mean pooling and (optionally) normalisation is small enough to run
here: the weights come from ``model.safetensors``, the tokenizer from ``tokenizer.json`` (the
Rust ``tokenizers`` library, the one transformers itself uses). The vectors equal the library's
to float32 rounding (tests/ingest/index/test_bert.py compares them); any other folder is left
to sentence-transformers (``supports`` says which).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["BertEncoder", "supports"]

# The module types of a folder this encoder runs, in order (normalisation is optional).
_POOLING = "sentence_transformers.models.Pooling"
_NORMALIZE = "sentence_transformers.models.Normalize"


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _why_not(folder: Path) -> str | None:
    """Why ``folder`` is not a model this encoder runs, or None when it is."""
    needed = ("modules.json", "config.json", "tokenizer.json", "model.safetensors")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        return f"missing {', '.join(missing)}"
    listed = _read_json(folder / "modules.json")
    modules = [m.get("type", "").split(".")[-1] for m in listed]
    if modules not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        return f"modules {modules}"
    config = _read_json(folder / "config.json")
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        return f"model type {config.get('model_type')!r} with {config.get('hidden_act')!r}"
    if config.get("position_embedding_type", "absolute") != "absolute":
        return "relative position embeddings"
    pooling_dir = next((m["path"] for m in listed if m["type"] == _POOLING), "")
    pooling = _read_json(folder / pooling_dir / "config.json")
    modes = sorted(k for k, v in pooling.items() if k.startswith("pooling_mode") and v)
    if modes != ["pooling_mode_mean_tokens"]:
        return f"pooling {modes}"
    return None


def supports(folder: Path) -> bool:
    """Whether ``folder`` is a sentence-transformers BERT model with mean pooling."""
    return folder.is_dir() and _why_not(folder) is None


# Abramowitz and Stegun 7.1.26: erf to within 1.5e-7, below float32's own rounding of GELU.
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736))
_ERF_A1 = np.float32(0.254829592)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function of float32 ``x``, elementwise, in as few passes as it takes."""
    z = np.abs(x)
    t = z * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * _ERF_A[0]
    for a in _ERF_A[1:]:
        poly += a
        poly *= t
    poly += _ERF_A1
    poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # erfc(|x|)
    np.subtract(1.0, poly, out=poly)
    return np.copysign(poly, x, out=poly)


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x) (the erf form, not the tanh approximation)."""
    phi = _erf(x * np.float32(1.0 / math.sqrt(2.0)))
    phi += 1.0
    phi *= x
    phi *= 0.5
    return phi


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps)) * weight + bias


class _Layer:
    """One encoder layer's weights, transposed once for ``x @ w``."""

    def __init__(self, weights: dict[str, np.ndarray], prefix: str) -> None:
        def linear(name: str) -> tuple[np.ndarray, np.ndarray]:
            weight = weights[f"{prefix}.{name}.weight"]
            return np.ascontiguousarray(weight.T), weights[f"{prefix}.{name}.bias"]

        q_w, q_b = linear("attention.self.query")
        k_w, k_b = linear("attention.self.key")
        v_w, v_b = linear("attention.self.value")
        self.qkv_w = np.ascontiguousarray(np.concatenate([q_w, k_w, v_w], axis=1))
        self.qkv_b = np.concatenate([q_b, k_b, v_b])
        self.out_w, self.out_b = linear("attention.output.dense")
        self.ln1 = (
            weights[f"{prefix}.attention.output.LayerNorm.weight"],
            weights[f"{prefix}.attention.output.LayerNorm.bias"],
        )
        self.up_w, self.up_b = linear("intermediate.dense")
        self.down_w, self.down_b = linear("output.dense")
        self.ln2 = (
            weights[f"{prefix}.output.LayerNorm.weight"],
            weights[f"{prefix}.output.LayerNorm.bias"],
        )


class BertEncoder:
    """Texts to pooled (and normalised when the folder says so) BERT sentence vectors."""

    def __init__(self, folder: Path, batch_size: int = 32) -> None:
        reason = _why_not(folder)
        if reason is not None:
            raise ValueError(f"{folder}: not a BERT mean-pooling sentence model ({reason})")
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = _read_json(folder / "config.json")
        modules = _read_json(folder / "modules.json")
        self.normalize = any(m["type"] == _NORMALIZE for m in modules)
        st_config = folder / "sentence_bert_config.json"
        limits = _read_json(st_config) if st_config.is_file() else {}
        self.max_length = int(limits.get("max_seq_length", config["max_position_embeddings"]))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.batch_size = batch_size
        weights = {
            key.removeprefix("bert."): value.astype(np.float32, copy=False)
            for key, value in load_file(str(folder / "model.safetensors")).items()
        }
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.token_types = weights["embeddings.token_type_embeddings.weight"]
        self.ln0 = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers = [
            _Layer(weights, f"encoder.layer.{i}") for i in range(int(config["num_hidden_layers"]))
        ]
        self.dim = int(config["hidden_size"])
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(self.max_length)
        self.tokenizer = tokenizer

    def encode(self, texts: list[str]) -> np.ndarray:
        """One float32 row per text; batches of similar lengths, as sentence-transformers does."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._forward([ids[i] for i in chunk])
        if self.normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            out = out / norms
        return out.astype(np.float32)

    def _forward(self, batch: list[np.ndarray]) -> np.ndarray:
        width = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = self.words[tokens] + self.positions[:width][None, :, :] + self.token_types[0]
        x = _layer_norm(x, *self.ln0, self.eps)
        # Padded keys get a large negative score, as BertModel's extended attention mask does.
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in self.layers:
            x = self._layer(x, layer, bias)
        summed = (x * mask[:, :, None]).sum(axis=1)
        return summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)

    def _layer(self, x: np.ndarray, layer: _Layer, bias: np.ndarray) -> np.ndarray:
        batch, width, hidden = x.shape
        head = hidden // self.heads
        qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(batch, width, 3, self.heads, head)
        q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
        scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(math.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, width, hidden)
        x = _layer_norm(context @ layer.out_w + layer.out_b + x, *layer.ln1, self.eps)
        inner = _gelu(x @ layer.up_w + layer.up_b)
        return _layer_norm(inner @ layer.down_w + layer.down_b + x, *layer.ln2, self.eps)
