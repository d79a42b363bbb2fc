"""Loading a version: every damage of the manifest or of a partition refused, with its name."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest.index import (
    IndexLoadError,
    current_version,
    layout,
    load_version,
    partition_folder,
)
from ingest.index.partition import PART, UNIT_FIELDS
from ingest.records import SCHEMA_VERSION
from tests.ingest.index.versions import DIM, do_publish, entry, folder_of, new_partition


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
