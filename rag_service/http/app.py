"""The HTTP API: wiring of settings, the engine store, the body limit and the endpoints."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag_service import settings as config
from rag_service.answering.engine import (
    Engine,
    ProviderRequiredError,
    QuestionError,
    UnknownProviderError,
)
from rag_service.answering.store import EngineStore, engine_builder
from rag_service.http.limits import (
    LIMIT_RESPONSES,
    Limits,
    WorkerPidMiddleware,
    apply_faiss_threads,
    caller_key,
    get_limits,
)
from rag_service.http.schemas import (
    ERROR_RESPONSES,
    AskRequest,
    AskResponse,
    FactsResponse,
    HealthResponse,
    ProvidersResponse,
    ReadyResponse,
    SearchResponse,
    clean_question,
)
from rag_service.security import auth
from rag_service.security.audit import AuditLog, AuditMiddleware, deliver
from rag_service.security.auth import ADMIN_RESPONSES, KeyRing, Principal, principal, require_admin
from rag_service.settings import MAX_BODY_BYTES, MAX_QUESTION_CHARS, MAX_TOP_K, NO_INDEX_DETAIL

if TYPE_CHECKING:
    from ingest.index.embed import Embedder

logger = logging.getLogger(__name__)


class BodyLimitMiddleware:
    """413 for a body over ``max_bytes``: by Content-Length, and by counting what streams in.

    The body (at most ``max_bytes``) is read before the app runs and handed on in one piece, so
    an oversized chunked body is refused without the app ever seeing part of it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _reply(send, 400, f"invalid Content-Length {declared.decode('latin-1')!r}")
                return
            if size > self.max_bytes:
                await _reply(send, 413, self._too_large())
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await _reply(send, 413, self._too_large())
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"request body is larger than {self.max_bytes} bytes"


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def get_store(request: Request) -> EngineStore:
    store: EngineStore = request.app.state.store
    return store


StoreDep = Annotated[EngineStore, Depends(get_store)]


def get_engine(store: StoreDep) -> Engine:
    """The engine in service, read once per request (so one version per response)."""
    engine = store.engine
    if engine is None:
        raise HTTPException(status_code=503, detail=NO_INDEX_DETAIL)
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]
LimitsDep = Annotated[Limits, Depends(get_limits)]
# The caller (rag_service.security.auth): first in each route's parameters, so 401 comes first.
PrincipalDep = Annotated[Principal, Depends(principal)]
AdminDep = Annotated[Principal, Depends(require_admin)]
ProviderQuery = Annotated[str | None, Query(description="Provider id; optional with one.")]
TopKQuery = Annotated[int, Query(ge=1, le=MAX_TOP_K)]


def _provider_error(exc: Exception) -> JSONResponse:
    known = getattr(exc, "known", {})
    status = 404 if isinstance(exc, UnknownProviderError) else 422
    return JSONResponse(
        status_code=status, content={"detail": str(exc), "known_providers": sorted(known)}
    )


def create_app(
    settings: config.Settings | None = None, embedder: Embedder | None = None
) -> FastAPI:
    """The FastAPI app; ``embedder`` replaces the model of the index (tests)."""
    settings = settings or config.settings
    # Each worker process builds its own app: its faiss keeps to the thread budget of one worker.
    apply_faiss_threads()
    limits = Limits(
        settings.rate_limit, settings.rate_burst, settings.max_concurrency, settings.request_timeout
    )
    store = EngineStore(
        settings.index_dir, engine_builder(settings, embedder), settings.poll_interval
    )
    keyring = KeyRing.from_settings(settings)
    audit_log = AuditLog(settings.audit_path, settings.audit_max_bytes)
    auth.install_log_filter()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Loading the model takes seconds: off the event loop, before the first request.
        await run_in_threadpool(store.refresh)
        if store.engine is None:
            logger.warning("%s (index dir %s)", NO_INDEX_DETAIL, settings.index_dir)
        store.start()
        try:
            yield
        finally:
            store.stop()
            limits.close()
            audit_log.close()

    app = FastAPI(
        title="Sheet Q&A",
        description="Exact answers from internet providers' operating sheets.",
        version="0.1.0",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.store = store
    app.state.limits = limits
    app.state.keyring = keyring
    app.state.settings = settings
    app.state.feedback_path = settings.feedback_path
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(WorkerPidMiddleware)
    # Outermost: every /ask and /search gets its audit line, refused ones (401, 413, 429) too.
    app.add_middleware(AuditMiddleware, audit=audit_log)
    app.add_exception_handler(UnknownProviderError, _exception_handler)
    app.add_exception_handler(ProviderRequiredError, _exception_handler)
    app.add_exception_handler(QuestionError, _exception_handler)
    app.add_exception_handler(RequestValidationError, _validation_error)
    _add_routes(app)
    _add_page(app)
    return app


async def _validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI's 422 body, written as ASCII JSON: the echoed input may hold lone surrogates."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else [str(exc)]
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


async def _exception_handler(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, UnknownProviderError | ProviderRequiredError):
        return _provider_error(exc)
    return JSONResponse(status_code=422, content={"detail": str(exc)})


def _add_page(app: FastAPI) -> None:
    """The agents' search page and its feedback endpoint."""
    from rag_service.page import routes as page

    app.include_router(page.router)


def _add_routes(app: FastAPI) -> None:
    @app.post(
        "/ask",
        response_model=AskResponse,
        tags=["qa"],
        responses=LIMIT_RESPONSES,
    )
    async def ask(
        caller: PrincipalDep,
        request: AskRequest,
        engine: EngineDep,
        limits: LimitsDep,
        http: Request,
    ) -> dict[str, Any]:
        """Answer an agent's question from the provider's sheet."""
        body = await limits.run(
            caller_key(http), engine.ask, request.question, request.provider, request.top_k
        )
        return deliver(http, caller, engine, body)

    @app.get(
        "/search",
        response_model=SearchResponse,
        tags=["qa"],
        responses=LIMIT_RESPONSES,
    )
    async def search(
        caller: PrincipalDep,
        engine: EngineDep,
        limits: LimitsDep,
        http: Request,
        q: Annotated[str, Query(max_length=MAX_QUESTION_CHARS)],
        provider: ProviderQuery = None,
        top_k: TopKQuery = 3,
    ) -> dict[str, Any]:
        """The passages that best match a question (no answer)."""
        try:
            question = clean_question(q)
        except ValueError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        body = await limits.run(caller_key(http), engine.search, question, provider, top_k)
        return deliver(http, caller, engine, body)

    @app.get("/facts", response_model=FactsResponse, tags=["index"])
    def facts(
        caller: PrincipalDep,
        engine: EngineDep,
        http: Request,
        provider: ProviderQuery = None,
        kind: str | None = None,
    ) -> dict[str, Any]:
        """The typed values extracted from a provider's sheet, optionally of one kind."""
        found = engine.facts(provider, kind)
        body = {
            "provider": engine.resolve_provider(provider),
            "kind": kind,
            "facts": [f.to_dict() for f in found],
            "index_version": engine.version,
        }
        return deliver(http, caller, engine, body)

    @app.get("/providers", response_model=ProvidersResponse, tags=["index"])
    def providers(caller: PrincipalDep, engine: EngineDep) -> dict[str, Any]:
        """The providers of the index: ids and display names."""
        return {
            "providers": [{"id": pid, "name": name} for pid, name in engine.providers.items()],
            "index_version": engine.version,
        }

    @app.post("/admin/reload", tags=["ops"], responses=ADMIN_RESPONSES)
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

    @app.get("/health", response_model=HealthResponse, tags=["ops"])
    def health() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get(
        "/ready",
        response_model=ReadyResponse,
        tags=["ops"],
        responses={503: {"description": "no index loaded"}},
    )
    def ready(store: StoreDep) -> Any:
        """200 with the version in service, 503 while there is none."""
        engine = store.engine
        if engine is None:
            return JSONResponse(status_code=503, content={"detail": NO_INDEX_DETAIL})
        return {"index_version": engine.version, "providers": list(engine.providers)}
