"""The versioned index: publish, load, verify, prune, roll back, survive an interrupted publish."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from ingest.index import (
    IndexLoadError,
    current_version,
    layout,
    list_versions,
    load_version,
    publish,
)
from ingest.index.publish import ProviderInfo, SourceInfo, publish_version, rollback
from ingest.records import SCHEMA_VERSION, Fact, Unit
from tests.factories import HashEmbedder


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


def do_publish(index_dir: Path, units=None, facts=None, keep: int = 3, dim: int = 16) -> str:
    units = make_units() if units is None else units
    facts = make_facts() if facts is None else facts
    embedder = HashEmbedder(dim=dim)
    vectors = embedder.encode([u.search_text() for u in units])
    providers = sorted({u.provider for u in units})
    return publish_version(
        index_dir,
        units,
        facts,
        vectors,
        model_name=embedder.name,
        dim=dim,
        sources=[SourceInfo(f"/s/{p}.txt", p, "ab" * 32, "txt", 123) for p in providers],
        providers=[ProviderInfo(p, p.title(), f"/s/{p}.txt") for p in providers],
        keep=keep,
    )


def test_roundtrip_keeps_units_facts_vectors_and_tokens(tmp_path: Path) -> None:
    units, facts = make_units(), make_facts()
    version = do_publish(tmp_path, units, facts)
    loaded = load_version(tmp_path)
    assert loaded.version == version == current_version(tmp_path)
    assert loaded.units == units
    assert loaded.facts == facts
    assert loaded.providers == {"acme": "Acme"}
    assert loaded.faiss_index.ntotal == len(units)
    assert len(loaded.lexical_tokens) == len(units)
    assert "9020" in loaded.lexical_tokens[1]
    # The stored vectors are the given ones: a unit's own vector is its best match.
    query = HashEmbedder(dim=16).encode([units[1].search_text()])
    scores, rows = loaded.faiss_index.search(query, 1)
    assert rows[0][0] == 1
    assert scores[0][0] == pytest.approx(1.0, abs=1e-5)


def test_manifest_contents(tmp_path: Path) -> None:
    version = do_publish(tmp_path)
    manifest = json.loads((tmp_path / "versions" / version / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["version"] == version
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["model"] == {"name": "test-hash-embedder", "dim": 16}
    assert manifest["counts"]["units"] == 2
    assert manifest["counts"]["facts"] == 1
    assert manifest["counts"]["providers"] == 1
    assert manifest["counts"]["per_provider"] == {"acme": {"units": 2, "facts": 1}}
    assert manifest["providers"] == [{"id": "acme", "name": "Acme", "source": "/s/acme.txt"}]
    assert manifest["sources"][0]["sha256"] == "ab" * 32
    assert set(manifest["files"]) == {
        "units.jsonl", "facts.jsonl", "lexical.json", "vectors.faiss", "findings.jsonl"
    }  # fmt: skip
    assert layout.VERSION_NAME.match(version)


def test_no_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexLoadError, match=r"no index in .*python -m ingest"):
        load_version(tmp_path / "nothing")


def _damage_hash(folder: Path) -> None:
    with (folder / "units.jsonl").open("a") as fh:
        fh.write("\n")


def _truncate_faiss(folder: Path) -> None:
    path = folder / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:40])


def _remove_file(folder: Path) -> None:
    (folder / "lexical.json").unlink()


def _edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_damage_hash, "units.jsonl does not match its sha256"),
        (_truncate_faiss, "vectors.faiss does not match its sha256"),
        (_remove_file, "lexical.json missing"),
        (lambda f: (f / "manifest.json").unlink(), "manifest.json missing"),
        (lambda f: (f / "manifest.json").write_text("{not json"), "manifest.json unreadable"),
        (
            lambda f: _edit_manifest(f, lambda m: m["counts"].update(units=3)),
            "2 units, manifest says 3",
        ),
        (
            lambda f: _edit_manifest(f, lambda m: m["counts"].update(facts=0)),
            "1 facts, manifest says 0",
        ),
        (
            lambda f: _edit_manifest(f, lambda m: m.update(schema_version=SCHEMA_VERSION + 1)),
            "schema version",
        ),
        (
            lambda f: _edit_manifest(f, lambda m: m["model"].update(dim=384)),
            "dim 16, manifest model dim 384",
        ),
    ],
)
def test_loader_refuses_a_damaged_version(tmp_path: Path, damage, reason: str) -> None:
    version = do_publish(tmp_path)
    damage(tmp_path / "versions" / version)
    with pytest.raises(IndexLoadError, match=reason) as info:
        load_version(tmp_path)
    assert str(info.value).startswith(f"{version}: ")


def test_loader_refuses_a_truncated_faiss_file_with_a_matching_hash(tmp_path: Path) -> None:
    version = do_publish(tmp_path)
    folder = tmp_path / "versions" / version
    _truncate_faiss(folder)
    _edit_manifest(
        folder,
        lambda m: m["files"].update(
            {"vectors.faiss": layout.sha256_file(folder / "vectors.faiss")}
        ),
    )
    with pytest.raises(IndexLoadError, match=r"vectors\.faiss unreadable"):
        load_version(tmp_path)


def test_loader_refuses_vectors_of_another_count(tmp_path: Path) -> None:
    version = do_publish(tmp_path)
    other = do_publish(tmp_path / "other", units=make_units(answers=("a", "b", "c")))
    folder = tmp_path / "versions" / version
    other_faiss = tmp_path / "other" / "versions" / other / "vectors.faiss"
    (folder / "vectors.faiss").write_bytes(other_faiss.read_bytes())
    _edit_manifest(
        folder, lambda m: m["files"].update({"vectors.faiss": layout.sha256_file(other_faiss)})
    )
    with pytest.raises(IndexLoadError, match="has 3 rows for 2"):
        load_version(tmp_path)


def test_publish_refuses_vectors_that_do_not_fit(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="shape"):
        publish_version(
            tmp_path,
            make_units(),
            [],
            np.zeros((1, 16), dtype=np.float32),
            model_name="m",
            dim=16,
            sources=[],
            providers=[],
        )
    assert current_version(tmp_path) is None


def test_keep_prunes_but_never_the_current_nor_the_previous(tmp_path: Path) -> None:
    names = [do_publish(tmp_path, keep=5) for _ in range(4)]
    assert list_versions(tmp_path) == names
    # Roll back to the oldest, then publish with keep=2: the new one and the rolled-back one stay.
    rollback(tmp_path, names[0])
    newest = do_publish(tmp_path, keep=2)
    assert list_versions(tmp_path) == [names[0], newest]
    assert current_version(tmp_path) == newest
    newest2 = do_publish(tmp_path, keep=1)
    assert list_versions(tmp_path) == [newest2]


def test_rollback_points_current_at_an_older_version(tmp_path: Path) -> None:
    first = do_publish(tmp_path, facts=make_facts(port="9020"))
    second = do_publish(tmp_path, facts=make_facts(port="8088"))
    assert load_version(tmp_path).facts[0].value == "8088"
    assert rollback(tmp_path, first) == first
    assert current_version(tmp_path) == first
    assert load_version(tmp_path).facts[0].value == "9020"
    assert second in list_versions(tmp_path)


def test_rollback_refuses_a_missing_or_damaged_version(tmp_path: Path) -> None:
    first = do_publish(tmp_path)
    second = do_publish(tmp_path)
    with pytest.raises(IndexLoadError, match="not a version name"):
        rollback(tmp_path, "../etc")
    with pytest.raises(IndexLoadError, match="folder missing"):
        rollback(tmp_path, "20200101T000000Z-abcdef")
    _remove_file(tmp_path / "versions" / first)
    with pytest.raises(IndexLoadError, match="missing"):
        rollback(tmp_path, first)
    assert current_version(tmp_path) == second


@pytest.mark.parametrize("failing_call", [1, 2])
def test_failure_inside_publish_leaves_the_previous_version_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    """os.replace is called twice: folder into versions/, then CURRENT. Fail each."""
    first = do_publish(tmp_path, facts=make_facts(port="9020"))
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == failing_call:
            raise OSError("disk full (simulated)")
        return real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", flaky_replace)
    with pytest.raises(OSError, match="simulated"):
        do_publish(tmp_path, facts=make_facts(port="8088"))
    monkeypatch.setattr(publish.os, "replace", real_replace)

    assert current_version(tmp_path) == first
    assert load_version(tmp_path).facts[0].value == "9020"
    # The next publish cleans the leftovers and becomes current.
    third = do_publish(tmp_path, facts=make_facts(port="7070"), keep=2)
    assert not list(tmp_path.glob(".tmp-*"))
    assert load_version(tmp_path).facts[0].value == "7070"
    assert current_version(tmp_path) == third
    assert list_versions(tmp_path)[-1] == third
