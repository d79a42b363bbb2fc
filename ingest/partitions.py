"""The new partitions of a version: a sheet parsed in this run, or a kept provider remade,
each with its units' vectors (reused by content, or just embedded)."""

from __future__ import annotations

import numpy as np

from ingest.index.publish import NewPartition, ProviderInfo, SourceInfo
from ingest.pipeline import Remade, lint_data
from ingest.records import Unit
from ingest.sheets import Sheet, parser_fingerprint


def stack_vectors(units: list[Unit], known: dict[str, np.ndarray], dim: int) -> np.ndarray:
    """The units' vectors, in order, from the known vectors by content."""
    if not units:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([known[u.content_hash()] for u in units]).astype(np.float32)


def new_partition(sheet: Sheet, known: dict[str, np.ndarray], dim: int) -> NewPartition:
    """The partition of a sheet parsed in this run."""
    return NewPartition(
        provider=sheet.provider,
        source=sheet.source,
        units=sheet.units,
        facts=sheet.facts,
        vectors=stack_vectors(sheet.units, known, dim),
        parser=parser_fingerprint(),
        lint=lint_data(sheet),
    )


def remade_partition(remade: Remade, known: dict[str, np.ndarray], dim: int) -> NewPartition:
    """The partition of a kept provider rewritten (a new schema or model), its vectors reused."""
    entry = remade.entry
    source = SourceInfo(
        path=str(entry.source.get("path", "")),
        provider=entry.provider,
        sha256=str(entry.source.get("sha256", "")),
        format=str(entry.source.get("format", "")),
        bytes=int(entry.source.get("bytes", 0)),
    )
    vectors = (
        remade.vectors if remade.vectors is not None else stack_vectors(remade.units, known, dim)
    )
    return NewPartition(
        provider=ProviderInfo(entry.provider, entry.name, source.path),
        source=source,
        units=remade.units,
        facts=remade.facts,
        vectors=vectors,
        parser=remade.parser,
        lint=remade.lint,
    )
