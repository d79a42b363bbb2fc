"""A response as its caller may see it, with its audit fields noted for the audit middleware."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from fastapi import Request

from rag_service.answering import Engine
from rag_service.http.deps import Services
from rag_service.security import Principal, disclose, prepare


def deliver(
    request: Request,
    services: Services,
    caller: Principal,
    secret_values: tuple[str, ...],
    body: dict[str, Any],
    every_secret: Collection[str] = frozenset(),
    reveal: bool = True,
) -> dict[str, Any]:
    """The body redacted for the caller's role with the asked provider's secrets (and withheld
    when ``reveal`` is false); the audit fields left on ``request.state.audit`` (the question
    scrubbed of every provider's)."""
    keyring = services.keyring
    is_key = keyring.is_key if keyring.required else None
    out, note = disclose(body, caller, prepare(secret_values), is_key, every_secret, reveal)
    request.state.audit = note
    return out


def published_at(engine: Engine) -> str | None:
    """When the engine's version was published (its manifest's ``created_at``), or None."""
    created = engine.loaded.manifest.get("created_at")
    return str(created) if created else None
