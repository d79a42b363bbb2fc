"""Secret values of an index and their removal from responses (pure functions on plain data).

The secrets are the passwords of the credential facts. A viewer gets every response with each
occurrence of any of them replaced by ``MASK`` in every string of the body (answer, value,
facts, passages, caveats, even the echoed question), and ``"redacted": true``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ingest.records import Fact

MASK = "•••••• (restrito)"
SECRET_KINDS = frozenset({"credential"})
# Shorter values ("-", "0") are placeholders of the sheet, not passwords; masking them would
# mask every dash of the page.
MIN_SECRET_CHARS = 3


def secret_values(facts: Iterable[Fact]) -> tuple[str, ...]:
    """The distinct secret values of the facts, longest first (so no shorter one splits them)."""
    values: set[str] = set()
    for fact in facts:
        if fact.kind not in SECRET_KINDS:
            continue
        password = fact.attrs.get("password")
        for value in (fact.value, password if isinstance(password, str) else ""):
            if len(value.strip()) >= MIN_SECRET_CHARS:
                values.add(value.strip())
    return tuple(sorted(values, key=lambda v: (-len(v), v)))


def secret_pattern(secrets: Iterable[str], ignore_case: bool = False) -> re.Pattern[str] | None:
    """One regex matching any of the secrets, longest first; None when there is none."""
    ordered = sorted(set(secrets), key=lambda v: (-len(v), v))
    if not ordered:
        return None
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile("|".join(re.escape(s) for s in ordered), flags)


def mask_text(text: str, pattern: re.Pattern[str] | None, mask: str = MASK) -> str:
    """``text`` with every match of ``pattern`` replaced by ``mask``."""
    if pattern is None or not text:
        return text
    return pattern.sub(mask, text)


def _walk(data: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(data, str):
        return mask_text(data, pattern)
    if isinstance(data, dict):
        return {key: _walk(value, pattern) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_walk(item, pattern) for item in data]
    return data


def contains_secret(data: Any, secrets: Iterable[str]) -> bool:
    """True when any string inside ``data`` holds one of the secrets."""
    pattern = secret_pattern(secrets)
    if pattern is None:
        return False
    return any(pattern.search(text) is not None for text in _strings(data))


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def redact_body(body: dict[str, Any], secrets: Iterable[str]) -> dict[str, Any]:
    """A copy of a response body with every secret masked, marked ``"redacted": true``."""
    pattern = secret_pattern(secrets)
    out = _walk(body, pattern) if pattern is not None else dict(body)
    out["redacted"] = True
    return dict(out)


def for_role(body: dict[str, Any], secrets: Iterable[str], sees_secrets: bool) -> dict[str, Any]:
    """The body as a caller may see it: as is (``redacted: false``) or redacted."""
    if sees_secrets:
        return {**body, "redacted": False}
    return redact_body(body, secrets)
