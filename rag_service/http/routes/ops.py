"""Operations: ``/health``, ``/ready`` and the admin's ``POST /admin/reload``."""

from __future__ import annotations

import logging
from itertools import islice
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from rag_service.answering.records import MAX_LISTED_PROVIDERS
from rag_service.http.deps import AdminDep, StoreDep
from rag_service.http.responses import published_at
from rag_service.http.schemas import ADMIN_RESPONSES, HealthResponse, ReadyResponse
from rag_service.settings import NO_INDEX_DETAIL

logger = logging.getLogger(__name__)

router = APIRouter(tags=["ops"])


@router.post("/admin/reload", responses=ADMIN_RESPONSES)
async def admin_reload(caller: AdminDep, store: StoreDep) -> dict[str, Any]:
    """Admin only: look at CURRENT now and load the version it names if it changed."""
    swapped = await run_in_threadpool(store.refresh)
    engine = store.engine
    logger.info("reload requested by key %s: swapped=%s", caller.key_id, swapped)
    return {
        "reloaded": swapped,
        "index_version": engine.version if engine else None,
        "error": store.last_error,
    }


@router.get("/health", response_model=HealthResponse)
def health() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/ready", response_model=ReadyResponse, responses={503: {"description": "no index"}})
def ready(store: StoreDep) -> Any:
    """200 with the version in service and when it was published, 503 while there is none (a
    load balancer's check).

    A body of bounded size: the first providers and their count; for a replica, the version
    its object store names and whether it serves that one.
    """
    engine = store.engine
    follower = store.follower
    following = None
    if follower is not None:
        following = {
            "url": follower.url,
            "current": follower.remote_version,
            "in_sync": engine is not None and engine.version == follower.remote_version,
            "error": follower.last_error,
        }
    if engine is None:
        return JSONResponse(
            status_code=503, content={"detail": NO_INDEX_DETAIL, "object_store": following}
        )
    return {
        "index_version": engine.version,
        "index_created_at": published_at(engine),
        "providers": list(islice(engine.providers, MAX_LISTED_PROVIDERS)),
        "provider_count": len(engine.providers),
        "reload_error": store.last_error,
        "object_store": following,
    }
