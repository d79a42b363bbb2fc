"""The agents' search page: ``GET /`` and its static files (no build step, no external assets);
the admins' page of the sheets' health: ``GET /admin`` (its data needs an admin key).

Wiring is one line in the app factory: ``app.include_router(page.router)``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"

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


@router.get("/admin", include_in_schema=False)
def admin_page() -> FileResponse:
    """The sheets' health for admins: findings and unanswered questions (not linked for agents)."""
    return FileResponse(
        _static_file("admin.html"), media_type=_MEDIA_TYPES[".html"], headers=_NO_CACHE
    )


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The page's scripts and styles (no build step, no external assets)."""
    path = _static_file(name)
    return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix], headers=_NO_CACHE)
