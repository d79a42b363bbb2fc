"""Versions built by hand for the index tests: small partitions of invented records."""

from __future__ import annotations

from pathlib import Path

from ingest.index import partition_folder, read_manifest
from ingest.index.load import PartitionEntry, entries_of
from ingest.index.publish import NewPartition, ProviderInfo, SourceInfo, publish_version
from ingest.records import Fact, Unit
from tests.factories import HashEmbedder

DIM = 16


def make_units(
    provider: str = "acme", answers: tuple[str, ...] = ("Fibra, Rádio", "9020")
) -> list[Unit]:
    return [
        Unit(
            id=f"{provider}-u{i}",
            provider=provider,
            section="SETORES",
            kind="qa",
            question=f"Pergunta {i}?",
            answer=answer,
            lines=(2 * i + 1, 2 * i + 2),
        )
        for i, answer in enumerate(answers)
    ]


def make_facts(provider: str = "acme", port: str = "9020") -> list[Fact]:
    return [
        Fact(
            id=f"{provider}-f0",
            provider=provider,
            kind="access_port",
            subject="porta de acesso",
            value=port,
            unit_id=f"{provider}-u1",
            lines=(3, 4),
            attrs={"port": int(port)},
        )
    ]


def new_partition(provider: str = "acme", port: str = "9020", units=None) -> NewPartition:
    units = make_units(provider) if units is None else units
    vectors = HashEmbedder(dim=DIM).encode([u.search_text() for u in units])
    return NewPartition(
        provider=ProviderInfo(provider, provider.title(), f"/s/{provider}.txt"),
        source=SourceInfo(f"/s/{provider}.txt", provider, "ab" * 32, "txt", 123),
        units=units,
        facts=make_facts(provider, port),
        vectors=vectors,
        parser="test-parser",
    )


def do_publish(index_dir: Path, *partitions: NewPartition | PartitionEntry, keep: int = 3) -> str:
    given = partitions or (new_partition(),)
    return publish_version(index_dir, given, model_name="test-hash-embedder", dim=DIM, keep=keep)


def entry(index_dir: Path, provider: str) -> PartitionEntry:
    return next(e for e in entries_of(read_manifest(index_dir)) if e.provider == provider)


def folder_of(index_dir: Path, provider: str = "acme") -> Path:
    return partition_folder(index_dir, entry(index_dir, provider).digest)
