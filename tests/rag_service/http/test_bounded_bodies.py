"""Bodies that name providers stay small however many the index holds; /providers lists all."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.index.publish import NewPartition, ProviderInfo, SourceInfo, publish_version
from ingest.records import Unit
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import HashEmbedder

LISTED = 20


def _portfolio(index_dir: Path, count: int) -> None:
    """A version of ``count`` one-unit providers with long names (written, not parsed)."""
    embedder = HashEmbedder(dim=8)
    partitions = []
    for n in range(count):
        pid = f"provedor-de-internet-numero-{n:04d}"
        units = [Unit(f"{pid}-u0", pid, "ACESSO", "qa", "Qual a porta?", f"{9000 + n}", (1, 2))]
        partitions.append(
            NewPartition(
                provider=ProviderInfo(pid, f"Provedor de Internet Número {n}", f"/s/{pid}.txt"),
                source=SourceInfo(f"/s/{pid}.txt", pid, "ab" * 32, "txt", 1),
                units=units,
                facts=[],
                vectors=embedder.encode([u.search_text() for u in units]),
                parser="test",
            )
        )
    publish_version(index_dir, partitions, model_name=embedder.name, dim=8)


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    """Body sizes and counts of each kind of response, for a small and a large portfolio."""
    out: dict[int, dict[str, int]] = {}
    for count in (30, 600):
        index_dir = tmp_path_factory.mktemp(f"p{count}") / "index"
        _portfolio(index_dir, count)
        settings = Settings(index_dir=index_dir, mode="lexical", rate_limit=0)
        with TestClient(create_app(settings)) as client:
            required = client.post("/ask", json={"question": "qual a porta"})
            unknown = client.post("/ask", json={"question": "qual a porta", "provider": "nada"})
            ready = client.get("/ready")
            listed = client.get("/providers")
        assert (required.status_code, unknown.status_code, ready.status_code) == (422, 404, 200)
        for response in (required, unknown):
            body = response.json()
            assert len(body["known_providers"]) == LISTED and body["known_count"] == count
            assert f"and {count - LISTED} more" in body["detail"]
        assert len(ready.json()["providers"]) == LISTED
        assert ready.json()["provider_count"] == count
        assert len(listed.json()["providers"]) == count
        out[count] = {
            "required": len(required.content),
            "unknown": len(unknown.content),
            "ready": len(ready.content),
            "providers": len(listed.content),
        }
    return out


@pytest.mark.parametrize("kind", ["required", "unknown", "ready"])
def test_bodies_naming_providers_do_not_grow_with_the_portfolio(
    sizes: dict[int, dict[str, int]], kind: str
) -> None:
    small, large = sizes[30][kind], sizes[600][kind]
    assert large < 4096, large
    assert large <= small + 16, (small, large)  # the count's digits, nothing per provider


def test_providers_lists_them_all(sizes: dict[int, dict[str, int]]) -> None:
    assert sizes[600]["providers"] > 15 * sizes[30]["providers"]
