"""What a caller may see of an answer, and what the audit line keeps of it: the one place
redaction is applied to a response."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from rag_service.security.redact import Secrets, contains_secret, for_role
from rag_service.security.roles import Principal

SECRET_MARK = "[segredo]"
KEY_MARK = "[chave]"
# A token long enough to be an API key (keys made by rag_service.keys are 43 characters).
_KEYLIKE = re.compile(r"[A-Za-z0-9_\-\.~+/=]{16,}")


# What may surround a typed password in a question: "a senha (X)?" is the password X.
_TOKEN_EDGES = "\"'()[]{}<>,;:.!?"


def scrub(
    text: str,
    secrets: Secrets,
    is_key: Callable[[str], bool] | None = None,
    every_secret: Collection[str] = frozenset(),
) -> str:
    """``text`` without secret values (any case) and without tokens that are API keys.

    ``secrets`` (the asked provider's) are found anywhere in the text; ``every_secret`` (every
    provider's, case-folded) as a whole word typed alone, looked up word by word: an agent who
    types another provider's password leaves no trace of it either, at a cost that does not
    grow with the number of providers.
    """
    if secrets.any_case is not None:
        text = secrets.any_case.sub(SECRET_MARK, text)
    if every_secret:
        text = _WORD.sub(lambda m: _masked_word(m.group(0), every_secret), text)
    if is_key is not None:
        text = _KEYLIKE.sub(lambda m: KEY_MARK if is_key(m.group(0)) else m.group(0), text)
    return text


_WORD = re.compile(r"\S+")


def _masked_word(word: str, every_secret: Collection[str]) -> str:
    if word.casefold() in every_secret:
        return SECRET_MARK
    stripped = word.strip(_TOKEN_EDGES)
    if stripped and stripped.casefold() in every_secret:
        return word.replace(stripped, SECRET_MARK)
    return word


def mask_secret_words(data: Any, every_secret: Collection[str]) -> Any:
    """``data`` with every string's words that are any provider's secret replaced (word lookups:
    for a record naming no provider the index knows)."""
    if not every_secret:
        return data
    if isinstance(data, str):
        return _WORD.sub(lambda m: _masked_word(m.group(0), every_secret), data)
    if isinstance(data, dict):
        return {key: mask_secret_words(value, every_secret) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [mask_secret_words(item, every_secret) for item in data]
    return data


def disclose(
    body: dict[str, Any],
    caller: Principal,
    secrets: Secrets,
    is_key: Callable[[str], bool] | None = None,
    every_secret: Collection[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The body as ``caller`` may see it (redacted for a viewer), and its audit fields.

    The body always says ``"redacted": true|false``; the audit fields hold ids and the question
    scrubbed of secrets and keys, never an answer.
    """
    out = for_role(body, secrets, caller.sees_secrets)
    note = {
        "question": scrub(str(body.get("question", "")), secrets, is_key, every_secret),
        "provider": body.get("provider"),
        "unit_ids": [p.get("id") for p in body.get("passages", [])],
        "fact_ids": [f.get("id") for f in body.get("facts", [])],
        "secret_disclosed": not out.get("redacted") and contains_secret(out, secrets),
        "redacted": bool(out.get("redacted")),
        "index_version": body.get("index_version"),
        "status": body.get("status", "ok"),
    }
    return out, note
