"""The versioned index: partitions and manifests published, loaded, verified, shared, pruned,
rolled back, and an interrupted publish survived."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest.analysis import analysis_fingerprint
from ingest.index import (
    PARTITIONS,
    IndexLoadError,
    current_version,
    layout,
    list_versions,
    load_version,
    partition_folder,
    publish,
    read_manifest,
)
from ingest.index.load import PartitionEntry, entries_of
from ingest.index.partition import PART, UNIT_FIELDS, encode_partition, write_partition
from ingest.index.publish import NewPartition, ProviderInfo, SourceInfo, publish_version, rollback
from ingest.records import SCHEMA_VERSION, Fact, Unit
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


def test_roundtrip_keeps_units_facts_vectors_and_tokens(tmp_path: Path) -> None:
    given = new_partition()
    version = do_publish(tmp_path, given)
    loaded = load_version(tmp_path)
    assert loaded.version == version == current_version(tmp_path)
    assert loaded.units == list(given.units)
    assert loaded.facts == list(given.facts)
    assert loaded.providers == {"acme": "Acme"}
    assert np.array_equal(loaded.vectors, given.vectors)
    assert len(loaded.lexical_tokens) == len(given.units)
    assert "9020" in loaded.lexical_tokens[1]
    partition = loaded.partitions["acme"]
    assert "9020" in partition.words and "fibr" in partition.stems


def test_manifest_names_one_content_addressed_partition_per_provider(tmp_path: Path) -> None:
    version = do_publish(tmp_path, new_partition("acme"), new_partition("beta"))
    manifest = json.loads((tmp_path / "versions" / version / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["version"] == version
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["model"] == {"name": "test-hash-embedder", "dim": DIM}
    assert manifest["analysis"] == analysis_fingerprint()
    assert manifest["counts"] == {"units": 4, "facts": 2, "providers": 2}
    assert [p["provider"] for p in manifest["partitions"]] == ["acme", "beta"]
    first = manifest["partitions"][0]
    assert first["name"] == "Acme" and first["units"] == 2 and first["facts"] == 1
    assert first["source"]["sha256"] == "ab" * 32
    folder = tmp_path / PARTITIONS / first["digest"]
    assert layout.sha256_file(folder / PART) == first["digest"]
    part = json.loads((folder / PART).read_text())
    assert set(part["files"]) == {"units.json", "facts.json", "lexical.json", "vectors.npy"}
    rows = json.loads((folder / "units.json").read_text())
    assert rows["fields"] == list(UNIT_FIELDS) and rows["rows"][1][5] == "9020"
    assert part["parser"] == "test-parser" and part["provider"] == "acme"
    assert layout.VERSION_NAME.match(version)


def test_unchanged_partitions_are_shared_and_a_change_writes_one(tmp_path: Path) -> None:
    do_publish(tmp_path, new_partition("acme"), new_partition("beta"))
    beta = folder_of(tmp_path, "beta")
    inode = (beta / "units.json").stat().st_ino
    # acme changed, beta named as it is: one partition written, beta's files untouched.
    do_publish(tmp_path, new_partition("acme", port="8088"), entry(tmp_path, "beta"))
    assert len(list((tmp_path / PARTITIONS).iterdir())) == 3  # the previous acme is still named
    assert folder_of(tmp_path, "beta") == beta
    assert (beta / "units.json").stat().st_ino == inode
    # The same content published again is the same folder.
    do_publish(tmp_path, new_partition("acme", port="8088"), entry(tmp_path, "beta"))
    assert len(list((tmp_path / PARTITIONS).iterdir())) == 3
    assert load_version(tmp_path).partitions["acme"].facts[0].value == "8088"


def test_no_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexLoadError, match=r"no index in .*python -m ingest"):
        load_version(tmp_path / "nothing")


def _append(name: str) -> Callable[[Path, Path], None]:
    def damage(version_folder: Path, partition: Path) -> None:
        with (partition / name).open("a") as fh:
            fh.write("\n")

    return damage


def _truncate(name: str) -> Callable[[Path, Path], None]:
    def damage(version_folder: Path, partition: Path) -> None:
        path = partition / name
        path.write_bytes(path.read_bytes()[:40])

    return damage


def _remove(name: str) -> Callable[[Path, Path], None]:
    return lambda version_folder, partition: (partition / name).unlink()


def _edit_manifest(change: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    def damage(version_folder: Path, partition: Path) -> None:
        path = version_folder / "manifest.json"
        manifest = json.loads(path.read_text())
        change(manifest)
        path.write_text(json.dumps(manifest))

    return damage


def _first_entry(change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda manifest: change(manifest["partitions"][0])


def _both_counts(manifest: dict) -> None:
    manifest["partitions"][0]["units"] = 3
    manifest["counts"]["units"] = 3


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_append("units.json"), "units.json does not match its sha256"),
        (_truncate("vectors.npy"), "vectors.npy does not match its sha256"),
        (_remove("lexical.json"), "lexical.json missing"),
        (_append(PART), "part.json does not match its digest"),
        (lambda v, p: os.rename(p, p.with_name("elsewhere")), "partition .*: missing"),
        (lambda v, p: (v / "manifest.json").unlink(), "manifest.json missing"),
        (lambda v, p: (v / "manifest.json").write_text("{not json"), "manifest.json unreadable"),
        (
            _edit_manifest(lambda m: m["counts"].update(units=3)),
            "counts 3 units, its partitions 2",
        ),
        (
            _edit_manifest(_both_counts),
            "partition has 2 units and 1 facts, manifest says 3 and 1",
        ),
        (
            _edit_manifest(lambda m: m.update(schema_version=SCHEMA_VERSION + 1)),
            "schema version",
        ),
        (_edit_manifest(lambda m: m["model"].update(dim=384)), "dim 16, manifest model dim 384"),
        (_edit_manifest(lambda m: m["model"].update(name="other")), "partition model"),
        (_edit_manifest(_first_entry(lambda e: e.update(digest="0" * 64))), "missing"),
        (_edit_manifest(_first_entry(lambda e: e.update(digest="../x"))), "not a partition"),
    ],
)
def test_loader_refuses_a_damaged_version(tmp_path: Path, damage, reason: str) -> None:
    version = do_publish(tmp_path)
    damage(tmp_path / "versions" / version, folder_of(tmp_path))
    with pytest.raises(IndexLoadError, match=reason) as info:
        load_version(tmp_path)
    assert str(info.value).startswith(f"{version}: ")


def _rehome(index_dir: Path, files: dict[str, bytes]) -> None:
    """Replace acme's partition by one of these files with consistent hashes and digest."""
    old = entry(index_dir, "acme")
    folder = partition_folder(index_dir, old.digest)
    part = json.loads((folder / PART).read_text())
    for name, data in files.items():
        (folder / name).write_bytes(data)
        part["files"][name] = {"sha256": layout.sha256_bytes(data), "bytes": len(data)}
    data = (json.dumps(part) + "\n").encode()
    (folder / PART).write_bytes(data)
    digest = layout.sha256_bytes(data)
    folder.rename(folder.with_name(digest))
    version = current_version(index_dir)
    path = index_dir / "versions" / str(version) / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["partitions"][0]["digest"] = digest
    path.write_text(json.dumps(manifest))


def _rows_of(rows: list) -> bytes:
    return json.dumps({"fields": list(UNIT_FIELDS), "rows": rows}).encode()


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"vectors.npy": b"\x93NUMPY garbage"}, "vectors.npy unreadable"),
        ({"vectors.npy": _npy(np.zeros((3, DIM), np.float32))}, r"shape \(3, 16\) for 2"),
        ({"vectors.npy": _npy(np.zeros((2, 8), np.float32))}, "dim 8, manifest model dim 16"),
        ({"vectors.npy": _npy(np.zeros((2, DIM), np.float64))}, "shape"),
        ({"lexical.json": b'{"tokens": [["a"]], "words": [], "stems": []}'}, "one entry per unit"),
        ({"units.json": b'{"id": 1}\n'}, "units.json unreadable"),
        ({"units.json": _rows_of([["u0", "acme"]])}, "units.json row 1"),
        ({"facts.json": b'{"fields": ["id"], "rows": []}'}, "this code reads"),
    ],
)
def test_loader_refuses_bad_content_with_matching_hashes(
    tmp_path: Path, files: dict[str, bytes], reason: str
) -> None:
    do_publish(tmp_path)
    _rehome(tmp_path, files)
    with pytest.raises(IndexLoadError, match=reason):
        load_version(tmp_path)


def test_a_partition_holding_another_provider_is_refused(tmp_path: Path) -> None:
    version = do_publish(tmp_path, new_partition("acme"), new_partition("beta"))
    path = tmp_path / "versions" / version / "manifest.json"
    manifest = json.loads(path.read_text())
    first, second = manifest["partitions"]
    first["digest"], second["digest"] = second["digest"], first["digest"]
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexLoadError, match="holds provider 'beta'"):
        load_version(tmp_path)


def test_an_old_format_version_is_refused_with_the_way_out(tmp_path: Path) -> None:
    """A version of schema 2 (one folder of whole files) says to re-run ingest."""
    folder = tmp_path / "versions" / "20250101T000000Z-abcdef"
    folder.mkdir(parents=True)
    old = {"schema_version": 2, "providers": [{"id": "acme"}], "files": {"units.json": "0"}}
    (folder / "manifest.json").write_text(json.dumps(old))
    (tmp_path / "CURRENT").write_text(folder.name + "\n")
    with pytest.raises(IndexLoadError, match=r"schema version 2.*re-run python -m ingest"):
        load_version(tmp_path)


def test_skip_reads_only_the_other_partitions(tmp_path: Path) -> None:
    do_publish(tmp_path, new_partition("acme"), new_partition("beta"))
    held = entry(tmp_path, "beta").digest
    # beta's files are not even opened: damaging them changes nothing for this load.
    (partition_folder(tmp_path, held) / "units.json").write_text("damaged")
    loaded = load_version(tmp_path, skip={held})
    assert set(loaded.partitions) == {"acme"}
    assert [e.provider for e in loaded.entries] == ["acme", "beta"]
    assert loaded.providers == {"acme": "Acme", "beta": "Beta"}


def test_write_partition_replaces_a_damaged_folder_of_the_same_digest(tmp_path: Path) -> None:
    do_publish(tmp_path)
    folder = folder_of(tmp_path)
    (folder / "facts.json").write_text("damaged")
    given = new_partition()
    encoded = encode_partition(
        "acme",
        given.units,
        given.facts,
        given.vectors,
        model_name="test-hash-embedder",
        dim=DIM,
        analysis=analysis_fingerprint(),
        parser="test-parser",
    )
    assert encoded.digest == folder.name
    assert write_partition(tmp_path, encoded) is True
    assert load_version(tmp_path).facts == list(given.facts)
    assert write_partition(tmp_path, encoded) is False, "an intact one is left as it is"


def test_publish_refuses_vectors_that_do_not_fit(tmp_path: Path) -> None:
    bad = NewPartition(
        provider=ProviderInfo("acme", "Acme", "/s/acme.txt"),
        source=SourceInfo("/s/acme.txt", "acme", "ab" * 32, "txt", 1),
        units=make_units(),
        facts=[],
        vectors=np.zeros((1, DIM), dtype=np.float32),
        parser="p",
    )
    with pytest.raises(ValueError, match="shape"):
        do_publish(tmp_path, bad)
    with pytest.raises(ValueError, match="given twice"):
        do_publish(tmp_path, new_partition(), new_partition())
    assert current_version(tmp_path) is None


def test_keep_prunes_but_never_the_current_nor_the_previous(tmp_path: Path) -> None:
    names = [do_publish(tmp_path, new_partition(port=str(9000 + i)), keep=5) for i in range(4)]
    assert list_versions(tmp_path) == names
    assert len(list((tmp_path / PARTITIONS).iterdir())) == 4
    # Roll back to the oldest, then publish with keep=2: the new one and the rolled-back one stay.
    rollback(tmp_path, names[0])
    newest = do_publish(tmp_path, new_partition(port="9100"), keep=2)
    assert list_versions(tmp_path) == [names[0], newest]
    assert current_version(tmp_path) == newest
    # Partitions no kept version names are gone with their versions.
    assert len(list((tmp_path / PARTITIONS).iterdir())) == 2
    newest2 = do_publish(tmp_path, new_partition(port="9200"), keep=1)
    assert list_versions(tmp_path) == [newest2]
    assert [p.name for p in (tmp_path / PARTITIONS).iterdir()] == [entry(tmp_path, "acme").digest]


def test_rollback_points_current_at_an_older_version(tmp_path: Path) -> None:
    first = do_publish(tmp_path, new_partition(port="9020"))
    second = do_publish(tmp_path, new_partition(port="8088"))
    assert load_version(tmp_path).facts[0].value == "8088"
    assert rollback(tmp_path, first) == first
    assert current_version(tmp_path) == first
    assert load_version(tmp_path).facts[0].value == "9020"
    assert second in list_versions(tmp_path)


def test_rollback_refuses_a_missing_or_damaged_version(tmp_path: Path) -> None:
    first = do_publish(tmp_path, new_partition(port="9020"))
    damaged = folder_of(tmp_path)
    second = do_publish(tmp_path, new_partition(port="8088"))
    with pytest.raises(IndexLoadError, match="not a version name"):
        rollback(tmp_path, "../etc")
    with pytest.raises(IndexLoadError, match="folder missing"):
        rollback(tmp_path, "20200101T000000Z-abcdef")
    (damaged / "lexical.json").unlink()
    with pytest.raises(IndexLoadError, match="missing"):
        rollback(tmp_path, first)
    assert current_version(tmp_path) == second


@pytest.mark.parametrize("failing_call", [1, 2, 3])
def test_failure_inside_publish_leaves_the_previous_version_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    """os.replace is called three times: the partition into partitions/, the version folder
    into versions/, then CURRENT. Fail each."""
    first = do_publish(tmp_path, new_partition(port="9020"))
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == failing_call:
            raise OSError("disk full (simulated)")
        return real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", flaky_replace)
    with pytest.raises(OSError, match="simulated"):
        do_publish(tmp_path, new_partition(port="8088"))
    monkeypatch.setattr(publish.os, "replace", real_replace)

    assert current_version(tmp_path) == first
    assert load_version(tmp_path).facts[0].value == "9020"
    # The next publish cleans the leftovers and becomes current.
    third = do_publish(tmp_path, new_partition(port="7070"), keep=2)
    assert not list(tmp_path.glob(".tmp-*"))
    assert load_version(tmp_path).facts[0].value == "7070"
    assert current_version(tmp_path) == third
    assert list_versions(tmp_path)[-1] == third
