"""The agents' search page: ``GET /``, its static files, and ``POST /feedback``.

Wiring is one line in the app factory: ``app.include_router(page.router)``; the feedback file is
``app.state.feedback_path`` (falls back to ``var/feedback.jsonl`` under the project root).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import FileResponse

from ingest.settings import PROJECT_ROOT
from rag_service.page.feedback import FeedbackIn, make_record, store_for
from rag_service.security.audit import secrets_of
from rag_service.security.auth import Principal, principal
from rag_service.security.redact import for_role

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_FEEDBACK_PATH = PROJECT_ROOT / "var" / "feedback.jsonl"

_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
# The page changes with the service; the browser must revalidate rather than run a stale copy.
_NO_CACHE = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}

router = APIRouter(tags=["page"])


def feedback_path(request: Request) -> Path:
    """Where feedback is appended: the app's setting, else the project's ``var/`` folder."""
    configured = getattr(request.app.state, "feedback_path", None)
    return Path(configured) if configured else DEFAULT_FEEDBACK_PATH


def _static_file(name: str) -> Path:
    """A file directly inside the static folder, by plain name; anything else is 404."""
    path = STATIC_DIR / name
    if (
        "/" in name
        or "\\" in name
        or name.startswith(".")
        or path.suffix not in _MEDIA_TYPES
        or not path.is_file()
    ):
        raise HTTPException(status_code=404, detail=f"no such file: {name}")
    return path


@router.get("/", include_in_schema=False)
def index_page() -> FileResponse:
    """The search page."""
    return FileResponse(
        _static_file("index.html"), media_type=_MEDIA_TYPES[".html"], headers=_NO_CACHE
    )


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The page's scripts and styles (no build step, no external assets)."""
    path = _static_file(name)
    return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix], headers=_NO_CACHE)


@router.post("/feedback", status_code=status.HTTP_201_CREATED)
def post_feedback(
    feedback: FeedbackIn,
    request: Request,
    caller: Annotated[Principal, Depends(principal)],
) -> dict[str, Any]:
    """Store one agent verdict ("resolveu" / "nao_resolveu") on an answer.

    The file is read by people growing the gold set: secret values (passwords) are masked in it
    whatever the caller's role, like in the audit log.
    """
    record = make_record(feedback)
    record["key_id"] = caller.key_id
    store = getattr(request.app.state, "store", None)
    engine = getattr(store, "engine", None)
    if engine is not None:
        record = for_role(record, secrets_of(engine), sees_secrets=False)
        record.pop("redacted", None)
    path = feedback_path(request)
    try:
        store_for(path).append(record)
    except OSError as exc:
        logger.error("feedback not stored in %s: %s", path, exc)
        raise HTTPException(
            status_code=503, detail="feedback could not be stored (storage unavailable)"
        ) from exc
    logger.info("feedback %s stored: %s", record["id"], record["verdict"])
    return {"id": record["id"], "stored": True}
