"""Secret values and their removal from responses and logs (pure functions on plain data).

The secrets of a provider are its facts' secret values (router passwords, ``Fact.secret``),
prepared once per provider: one pattern matching any of them exactly, one ignoring case (for
the audit log, where a password typed in other case must not survive either). Only the asked
provider's secrets are used, so the work does not grow with the number of providers.

A viewer gets every response with each occurrence of any of them replaced by ``MASK`` in every
string of the body (answer, value, facts, passages, caveats, even the echoed question), and
``"redacted": true``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MASK = "•••••• (restrito)"
# What an answer-as-you-type preview (``reveal: false``) shows in place of a secret: the agent
# presses Enter to ask again and see it.
WITHHELD_MASK = "•••••• (tecle Enter)"


@dataclass(frozen=True)
class Secrets:
    """One provider's secret values with their patterns, longest first."""

    values: tuple[str, ...]
    exact: re.Pattern[str] | None
    any_case: re.Pattern[str] | None

    def __bool__(self) -> bool:
        return bool(self.values)


@lru_cache(maxsize=4096)
def prepare(values: tuple[str, ...]) -> Secrets:
    """The secrets of these values (cached: a provider's are prepared once)."""
    return Secrets(
        values=tuple(sorted(set(values), key=lambda v: (-len(v), v))),
        exact=secret_pattern(values),
        any_case=secret_pattern(values, ignore_case=True),
    )


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


def _walk(data: Any, pattern: re.Pattern[str], mask: str = MASK) -> Any:
    if isinstance(data, str):
        return mask_text(data, pattern, mask)
    if isinstance(data, dict):
        return {key: _walk(value, pattern, mask) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_walk(item, pattern, mask) for item in data]
    return data


def mask_body(data: Any, pattern: re.Pattern[str] | None, mask: str = MASK) -> Any:
    """A copy of ``data`` with every match of ``pattern`` in every string replaced by ``mask``."""
    return _walk(data, pattern, mask) if pattern is not None else data


def contains_secret(data: Any, secrets: Secrets) -> bool:
    """True when any string inside ``data`` holds one of the secrets."""
    pattern = secrets.exact
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


def redact_body(body: dict[str, Any], secrets: Secrets) -> dict[str, Any]:
    """A copy of a response body with every secret masked, marked ``"redacted": true``."""
    pattern = secrets.exact
    out = _walk(body, pattern) if pattern is not None else dict(body)
    out["redacted"] = True
    return dict(out)


def for_role(body: dict[str, Any], secrets: Secrets, sees_secrets: bool) -> dict[str, Any]:
    """The body as a caller may see it: as is (``redacted: false``) or redacted."""
    if sees_secrets:
        return {**body, "redacted": False}
    return redact_body(body, secrets)
