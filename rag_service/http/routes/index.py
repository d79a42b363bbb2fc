"""``GET /facts`` and ``GET /providers``: what the index holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from rag_service.http.deps import EngineDep, PrincipalDep, ProviderQuery, ServicesDep
from rag_service.http.responses import deliver, published_at
from rag_service.http.schemas import FactsResponse, ProvidersResponse

router = APIRouter(tags=["index"])


@router.get("/facts", response_model=FactsResponse)
def facts(
    caller: PrincipalDep,
    engine: EngineDep,
    services: ServicesDep,
    http: Request,
    provider: ProviderQuery = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """The typed values extracted from a provider's sheet, optionally of one kind."""
    view = engine.index_of(provider)
    found = engine.facts(view.provider, kind)
    body = {
        "provider": view.provider,
        "kind": kind,
        "facts": [f.to_dict() for f in found],
        "index_version": engine.version,
    }
    return deliver(http, services, caller, view.secrets, body)


@router.get("/providers", response_model=ProvidersResponse)
def providers(caller: PrincipalDep, engine: EngineDep) -> dict[str, Any]:
    """The providers of the index: ids and display names; the version and when it was
    published."""
    return {
        "providers": [{"id": pid, "name": name} for pid, name in engine.providers.items()],
        "index_version": engine.version,
        "index_created_at": published_at(engine),
    }
