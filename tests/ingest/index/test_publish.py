"""The versioned index: partitions and manifests published, shared, pruned, rolled back, and an
interrupted publish survived (loading and its refusals: test_load.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from ingest.analysis import analysis_fingerprint
from ingest.index import (
    FINDINGS_FILE,
    PARTITIONS,
    IndexLoadError,
    current_version,
    layout,
    list_versions,
    load_version,
    publish,
)
from ingest.index.partition import PART, UNIT_FIELDS, encode_partition, write_partition
from ingest.index.publish import NewPartition, ProviderInfo, SourceInfo, rollback
from ingest.records import SCHEMA_VERSION
from tests.ingest.index.versions import (
    DIM,
    do_publish,
    entry,
    folder_of,
    make_units,
    new_partition,
)


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
    assert set(part["files"]) == {
        "units.json", "facts.json", "lexical.json", "vectors.npy", "lint.json"
    }  # fmt: skip
    rows = json.loads((folder / "units.json").read_text())
    assert rows["fields"] == list(UNIT_FIELDS) and rows["rows"][1][5] == "9020"
    assert part["parser"] == "test-parser" and part["provider"] == "acme"
    # The version's findings beside its manifest, listed with their sha256.
    findings = tmp_path / "versions" / version / FINDINGS_FILE
    assert manifest["files"] == {FINDINGS_FILE: layout.sha256_file(findings)}
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
