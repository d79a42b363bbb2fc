"""Every dependency of the routes, as ``Annotated`` aliases, in one place.

The app keeps one ``Services`` on ``app.state.services`` (made by ``create_app`` from the one
``Settings``); the routes get what they need from it through these aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from rag_service.answering import MAX_TOP_K, Engine, EngineStore
from rag_service.http.feedback import FeedbackStore
from rag_service.http.limits import Limits
from rag_service.security import (
    LOCAL_PRINCIPAL,
    URL_KEY_DETAIL,
    AuditLog,
    KeyRing,
    Principal,
    url_key_params,
)
from rag_service.settings import NO_INDEX_DETAIL, Settings

HEADER = "X-API-Key"
REALM = 'Bearer realm="sheet-qa", charset="UTF-8"'


@dataclass(frozen=True)
class Services:
    """What the app runs on, made once from the settings."""

    settings: Settings
    store: EngineStore
    limits: Limits
    keyring: KeyRing
    audit: AuditLog
    feedback: FeedbackStore


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_store(services: ServicesDep) -> EngineStore:
    return services.store


StoreDep = Annotated[EngineStore, Depends(get_store)]


def get_engine(store: StoreDep) -> Engine:
    """The engine in service, read once per request (so one version per response)."""
    engine = store.engine
    if engine is None:
        raise HTTPException(status_code=503, detail=NO_INDEX_DETAIL)
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]


def get_limits(services: ServicesDep) -> Limits:
    return services.limits


LimitsDep = Annotated[Limits, Depends(get_limits)]

_api_key_header = APIKeyHeader(name=HEADER, auto_error=False, description="API key")
_bearer = HTTPBearer(auto_error=False, description="API key as a bearer token")


def principal(
    request: Request,
    services: ServicesDep,
    header_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from ``X-API-Key`` or ``Authorization: Bearer``.

    400 when a key is in the query string; 401 (with ``WWW-Authenticate``) when keys are
    configured and the request has none or an unknown one. The principal is also left on
    ``request.state.principal`` for the audit line, its key id on ``request.state.key_id``.
    """
    if url_key_params(request.query_params.multi_items()):
        raise HTTPException(status_code=400, detail=URL_KEY_DETAIL)
    keyring = services.keyring
    if not keyring.required:
        request.state.principal = LOCAL_PRINCIPAL
        return LOCAL_PRINCIPAL
    presented = header_key or (bearer.credentials if bearer else None)
    if not presented:
        raise HTTPException(
            status_code=401,
            detail=f"an API key is required: send it in the {HEADER} header",
            headers={"WWW-Authenticate": REALM},
        )
    found = keyring.lookup(presented)
    if found is None:
        raise HTTPException(
            status_code=401,
            detail="unknown API key",
            headers={"WWW-Authenticate": REALM + ', error="invalid_token"'},
        )
    request.state.principal = found
    # The rate limit counts per key, at the key's own rate if it has one (rag_service.http.limits).
    request.state.key_id = found.key_id
    request.state.rate_limit = keyring.rate_limit(found.key_id)
    return found


# The caller: first in each route's parameters, so 401 comes before anything else.
PrincipalDep = Annotated[Principal, Depends(principal)]


def require_admin(caller: PrincipalDep) -> Principal:
    """The caller, who must have the admin role (else 403)."""
    if caller.role != "admin":
        raise HTTPException(
            status_code=403, detail=f"role {caller.role!r} may not do this: admin only"
        )
    return caller


AdminDep = Annotated[Principal, Depends(require_admin)]
ProviderQuery = Annotated[str | None, Query(description="Provider id; optional with one.")]
TopKQuery = Annotated[int, Query(ge=1, le=MAX_TOP_K)]
