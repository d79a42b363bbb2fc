"""The HTTP API: ``create_app(settings)`` wires the services, the middleware and the routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from rag_service.answering import EngineStore, engine_builder
from rag_service.http.deps import Services
from rag_service.http.errors import add_error_handlers
from rag_service.http.feedback import FeedbackStore
from rag_service.http.limits import Limits
from rag_service.http.middleware import BodyLimitMiddleware, WorkerPidMiddleware
from rag_service.http.routes import ROUTERS
from rag_service.http.schemas import ERROR_RESPONSES
from rag_service.page import router as page_router
from rag_service.security import AuditLog, AuditMiddleware, KeyRing, install_log_filter
from rag_service.settings import MAX_BODY_BYTES, NO_INDEX_DETAIL, Settings, apply_faiss_threads

if TYPE_CHECKING:
    from ingest.index import Embedder
    from ingest.index.follow import Follower

logger = logging.getLogger(__name__)


def make_services(settings: Settings, embedder: Embedder | None = None) -> Services:
    """The app's services from its settings; ``embedder`` replaces the index's model (tests)."""
    build = engine_builder(settings.mode, settings.ranking(), embedder, settings.torch_threads)
    keyring = KeyRing(settings.keys_file, settings.api_keys)
    return Services(
        settings=settings,
        store=EngineStore(settings.index_dir, build, settings.poll_interval, follower(settings)),
        limits=Limits(
            settings.rate_per_minute(keyring.required),
            settings.rate_burst,
            settings.max_concurrency,
            settings.request_timeout,
        ),
        keyring=keyring,
        audit=AuditLog(settings.audit_path, settings.audit_max_bytes),
        feedback=FeedbackStore(settings.feedback_path),
    )


def follower(settings: Settings) -> Follower | None:
    """The follower of the object store a replica serves from, when one is configured."""
    if not settings.object_store:
        return None
    from ingest.index.follow import Follower
    from ingest.index.objectstore import ObjectStore

    store = ObjectStore.from_url(settings.object_store, endpoint=settings.s3_endpoint, timeout=2.0)
    return Follower(store, settings.index_dir)


def create_app(settings: Settings, embedder: Embedder | None = None) -> FastAPI:
    """The FastAPI app of ``settings``."""
    # Each worker process builds its own app: its faiss keeps to the thread budget of one worker.
    apply_faiss_threads(settings.omp_num_threads)
    services = make_services(settings, embedder)
    install_log_filter()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Loading the model takes seconds: off the event loop, before the first request.
        await run_in_threadpool(services.store.refresh)
        if services.store.engine is None:
            logger.warning("%s (index dir %s)", NO_INDEX_DETAIL, settings.index_dir)
        services.store.start()
        try:
            yield
        finally:
            services.store.stop()
            services.limits.close()
            services.audit.close()

    app = FastAPI(
        title="Sheet Q&A",
        description="Exact answers from internet providers' operating sheets.",
        version="0.2.0",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.services = services
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(WorkerPidMiddleware)
    # Outermost: every /ask and /search gets its audit line, refused ones (401, 413, 429) too.
    app.add_middleware(AuditMiddleware, audit=services.audit)
    add_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(page_router)
    return app


def create_app_from_env() -> FastAPI:
    """The app of the settings in the environment (each ``--workers`` process builds its own)."""
    return create_app(Settings())
