"""Where keys may and may not travel: loopback without keys, never in URLs or access logs."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from rag_service.security.keyring import KeyRing

URL_KEY_DETAIL = "send the key in the X-API-Key header, never in the URL"
# Query parameters that look like a credential: refused even when no key is configured, so a
# key never starts travelling in URLs (they end up in access logs, proxies and browser history).
URL_KEY_NAMES = frozenset(
    {
        "key",
        "apikey",
        "api_key",
        "api-key",
        "x-api-key",
        "x_api_key",
        "token",
        "access_token",
        "auth",
        "authorization",
        "bearer",
    }
)


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_problem(host: str, keyring: KeyRing) -> str | None:
    """Why the service must not start on ``host`` with these keys, or None when it may."""
    if keyring.required or is_loopback(host):
        return None
    return (
        f"refusing to listen on {host!r} without API keys: anyone on the network could read "
        "the sheets' passwords. Add keys (python -m rag_service.keys add --id ID --role agent "
        "--file keys.json, then RAG_KEYS_FILE=keys.json) or listen on 127.0.0.1."
    )


def url_key_params(query: Iterable[tuple[str, str]]) -> list[str]:
    """Names of query parameters that carry a key."""
    return [name for name, _ in query if name.strip().lower() in URL_KEY_NAMES]


class QueryStringFilter(logging.Filter):
    """Drops query strings from uvicorn's access lines: they may hold a question or a key."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = args[2]
            if "?" in path:
                base, _, query = path.partition("?")
                names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
                hidden = urlencode([(name, "…") for name in names])
                record.args = (*args[:2], f"{base}?{hidden}", *args[3:])
        return True


_FILTER = QueryStringFilter()


def install_log_filter() -> None:
    """Attach the query-string filter to uvicorn's access logger (idempotent)."""
    access = logging.getLogger("uvicorn.access")
    if _FILTER not in access.filters:
        access.addFilter(_FILTER)
