"""The admin's view of the sheets' health: ``GET /admin/health`` (the findings ingest kept with
the version in service) and ``GET /admin/gaps`` (what agents asked that the sheets did not
answer, from the service's audit trail and feedback). Admin role only."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from ingest.index import IndexLoadError, findings_of
from ingest.records import secret_values
from rag_service.answering import Engine
from rag_service.gaps import from_audit, from_feedback, group_gaps, parse_since, select
from rag_service.http.deps import AdminDep, EngineDep, ServicesDep
from rag_service.http.feedback import read_feedback
from rag_service.http.schemas import ADMIN_RESPONSES, GapsResponse, SheetHealthResponse
from rag_service.security import prepare, scrub
from rag_service.security.audit import read_records

logger = logging.getLogger(__name__)

router = APIRouter(tags=["admin"])

AnyProvider = Annotated[str | None, Query(description="Provider id; all providers when omitted.")]
MAX_GROUPS = 500


def _provider(engine: Engine | None, provider: str | None) -> str | None:
    """The provider id asked for (404 when the index does not hold it), or None for all."""
    if provider is None or not provider.strip():
        return None
    return engine.resolve_provider(provider) if engine is not None else provider.strip()


@router.get("/admin/health", response_model=SheetHealthResponse, responses=ADMIN_RESPONSES)
def admin_health(caller: AdminDep, engine: EngineDep, provider: AnyProvider = None) -> Any:
    """The lint findings of the served version (``python -m ingest --lint`` at publish time)."""
    pid = _provider(engine, provider)
    try:
        kept = findings_of(engine.loaded)
    except IndexLoadError as exc:
        logger.error("findings of %s unreadable: %s", engine.version, exc)
        raise HTTPException(
            status_code=503, detail="the version's findings are unreadable"
        ) from None
    found = [f for f in kept or [] if pid is None or f.provider == pid]
    return {
        "index_version": engine.version,
        "provider": pid,
        "kept": kept is not None,
        "count": len(found),
        "by_kind": dict(sorted(Counter(f.kind for f in found).items())),
        "findings": [f.to_dict() for f in found],
    }


@router.get("/admin/gaps", response_model=GapsResponse, responses=ADMIN_RESPONSES)
def admin_gaps(
    caller: AdminDep,
    services: ServicesDep,
    provider: AnyProvider = None,
    since: Annotated[str | None, Query(description="A date (YYYY-MM-DD) or an ISO time.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_GROUPS)] = 100,
) -> Any:
    """Questions answered not_found and answers marked nao_resolveu, grouped by provider and
    topic, most asked first, with the sheet's closest unit."""
    try:
        start = parse_since(since) if since else None
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    engine = services.store.engine
    pid = _provider(engine, provider)
    asked = from_audit(read_records(services.audit.path))
    if services.feedback.path.is_file():
        asked += from_feedback(read_feedback(services.feedback.path))
    chosen = select(asked, start, pid)
    # The units and secrets of the providers asked about only (a version of a thousand
    # providers is not scanned for one provider's gaps).
    indexes = engine.indexes if engine is not None else {}
    views = [indexes[p] for p in sorted({a.provider for a in chosen}) if p in indexes]
    units = [u for view in views for u in view.units]
    secrets = prepare(secret_values(f for view in views for f in view.facts))
    every: Collection[str] = engine.every_secret if engine is not None else frozenset()

    def mask(text: str) -> str:
        return scrub(text, secrets, None, every)

    groups = group_gaps(chosen, units, mask)[:limit]
    return {
        "index_version": engine.version if engine is not None else None,
        "provider": pid,
        "since": start.isoformat() if start else None,
        "asked": len(chosen),
        "groups": [g.to_dict() for g in groups],
    }
