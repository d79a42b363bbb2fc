"""The audit trail: one JSON line per ``/ask`` and ``/search`` request, rotated by size.

A line says who asked (key id and role, never the key), what (the question with any secret
value or key replaced), for which provider, which units and facts were returned, whether a
secret value was disclosed (or withheld from an answer-as-you-type preview), the index
version, the status and the latency. Never a secret value: answers are not written, only ids.

The route handler leaves its part on ``request.state.audit`` (``disclosure.disclose`` makes
it); the ASGI middleware adds the HTTP status and the latency once the response is sent, so
refused requests (401, 413, 422, 429...) get a line too.

The admin's gaps report (``rag_service.gaps``, ``python -m eval gaps``) reads the /ask lines
answered ``not_found``: their scrubbed question, provider, key id, time and first unit id (the
top passage); ``read_records`` reads the log with its backups.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag_service.security.roles import Principal

logger = logging.getLogger(__name__)

AUDITED_PATHS = frozenset({"/ask", "/search"})
BACKUPS = 5


class _SharedRotatingHandler(RotatingFileHandler):
    """A RotatingFileHandler that several worker processes can share.

    Each line is written under an exclusive ``flock`` of ``<path>.lock``; a process whose file
    was rotated by another reopens the new file before writing.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self._lock_path = str(path) + ".lock"

    def emit(self, record: logging.LogRecord) -> None:
        try:
            with open(self._lock_path, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    self._follow_rotation()
                    super().emit(record)
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        except OSError:
            self.handleError(record)

    def _follow_rotation(self) -> None:
        if self.stream is None:
            return
        try:
            on_disk = os.stat(self.baseFilename)
        except FileNotFoundError:
            on_disk = None
        mine = os.fstat(self.stream.fileno())
        if on_disk is None or (on_disk.st_ino, on_disk.st_dev) != (mine.st_ino, mine.st_dev):
            self.stream.close()
            self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # The default prints the record; say only that the line was lost, and why.
        logger.error("audit line not written to %s", self.baseFilename, exc_info=True)


class AuditLog:
    """Appends audit records as JSON lines to ``path``, rotated at ``max_bytes`` (5 backups)."""

    def __init__(self, path: Path, max_bytes: int = 10 * 1024 * 1024, backups: int = BACKUPS):
        if max_bytes < 1024:
            raise ValueError(f"audit max_bytes must be at least 1024, got {max_bytes}")
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.backups = backups
        self._handler: _SharedRotatingHandler | None = None
        # An unregistered logger: records never propagate to the root logger or to caplog.
        self._logger = logging.Logger(f"{__name__}.{self.path}")
        self._logger.propagate = False

    def write(self, record: dict[str, Any]) -> None:
        """Append one record as a JSON line (errors are logged, never raised)."""
        try:
            if self._handler is None:
                self._handler = _SharedRotatingHandler(self.path, self.max_bytes, self.backups)
                self._handler.setFormatter(logging.Formatter("%(message)s"))
                self._logger.addHandler(self._handler)
            line = json.dumps(record, ensure_ascii=True, sort_keys=True, default=str)
        except (OSError, TypeError, ValueError) as exc:
            logger.error("audit line not written to %s: %s", self.path, exc)
            return
        self._logger.info(line)

    def close(self) -> None:
        if self._handler is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None


def read_records(path: Path, backups: int = BACKUPS) -> list[dict[str, Any]]:
    """Every record of the log and its rotated backups, oldest first; a line that is not a JSON
    object is skipped (and logged), a missing file is no records."""
    path = Path(path)
    files = [path.with_name(f"{path.name}.{n}") for n in range(backups, 0, -1)] + [path]
    records: list[dict[str, Any]] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                logger.warning("%s:%d: not an audit record, skipped", file, number)
                continue
            records.append(record)
    return records


def make_record(
    path: str, state: dict[str, Any], http_status: int, latency_ms: float
) -> dict[str, Any]:
    """The audit record of a request from what the handler noted (possibly nothing)."""
    caller = state.get("principal")
    noted: dict[str, Any] = state.get("audit") or {}
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "endpoint": path,
        "key_id": caller.key_id if isinstance(caller, Principal) else None,
        "role": caller.role if isinstance(caller, Principal) else None,
        "question": noted.get("question"),
        "provider": noted.get("provider"),
        "unit_ids": noted.get("unit_ids", []),
        "fact_ids": noted.get("fact_ids", []),
        "secret_disclosed": bool(noted.get("secret_disclosed", False)),
        "redacted": bool(noted.get("redacted", False)),
        "withheld": bool(noted.get("withheld", False)),
        "index_version": noted.get("index_version"),
        "status": noted.get("status", "error" if http_status >= 400 else "ok"),
        "http_status": http_status,
        "latency_ms": round(latency_ms, 3),
    }


class AuditMiddleware:
    """Writes one audit line per request to the audited paths, after the response is sent."""

    def __init__(self, app: ASGIApp, audit: AuditLog, paths: Iterable[str] = AUDITED_PATHS):
        self.app = app
        self.audit = audit
        self.paths = frozenset(paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = scope.setdefault("state", {})
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            latency = (time.perf_counter() - started) * 1000.0
            self.audit.write(make_record(scope["path"], state, status, latency))
