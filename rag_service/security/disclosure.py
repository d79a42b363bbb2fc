"""What a caller may see of an answer, and what the audit line keeps of it: the one place
redaction is applied to a response.

Two reasons hide a secret value: the caller's role (a viewer: ``redacted``), and a request that
asks not to reveal one (``reveal=False``, the page's answer-as-you-type previews: ``withheld``,
shown again only when the agent asks with Enter). Either way the audit notes no disclosure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from rag_service.security.redact import (
    WITHHELD_MASK,
    Secrets,
    contains_secret,
    for_role,
    mask_body,
)
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


def would_disclose(body: dict[str, Any], secrets: Secrets) -> bool:
    """True when the body holds a fact marked secret or any of the provider's secret values."""
    facts = body.get("facts") or []
    return any(isinstance(f, dict) and f.get("secret") for f in facts) or contains_secret(
        body, secrets
    )


def withhold(body: dict[str, Any], secrets: Secrets) -> dict[str, Any]:
    """A copy of the body with every secret value replaced by ``WITHHELD_MASK``: the values of
    the facts marked secret (and their password attribute), and the provider's secret values
    wherever they appear; marked ``"withheld": true``."""
    hidden: set[str] = set()
    facts = []
    for fact in body.get("facts") or []:
        if isinstance(fact, dict) and fact.get("secret"):
            fact = dict(fact)
            hidden.add(str(fact.get("value") or ""))
            fact["value"] = WITHHELD_MASK
            attrs = dict(fact.get("attrs") or {})
            if isinstance(attrs.get("password"), str):
                hidden.add(attrs["password"])
                attrs["password"] = WITHHELD_MASK
            fact["attrs"] = attrs
        facts.append(fact)
    out = dict(mask_body({**body, "facts": facts}, secrets.exact, WITHHELD_MASK))
    if isinstance(body.get("value"), str) and body["value"] in hidden:
        out["value"] = WITHHELD_MASK  # a placeholder too short to be a pattern, still secret
    out["withheld"] = True
    return out


def disclose(
    body: dict[str, Any],
    caller: Principal,
    secrets: Secrets,
    is_key: Callable[[str], bool] | None = None,
    every_secret: Collection[str] = frozenset(),
    reveal: bool = True,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The body as ``caller`` may see it, and its audit fields.

    Redacted for a viewer; with ``reveal=False`` an answer that would disclose a secret to a
    caller who may see it comes back with the secrets withheld. The body always says
    ``"redacted"`` and ``"withheld"``; the audit fields hold ids and the question scrubbed of
    secrets and keys, never an answer.
    """
    out = for_role(body, secrets, caller.sees_secrets)
    held = not reveal and not out["redacted"] and would_disclose(out, secrets)
    out = withhold(out, secrets) if held else {**out, "withheld": False}
    note = {
        "question": scrub(str(body.get("question", "")), secrets, is_key, every_secret),
        "provider": body.get("provider"),
        "unit_ids": [p.get("id") for p in body.get("passages", [])],
        "fact_ids": [f.get("id") for f in body.get("facts", [])],
        "secret_disclosed": not out.get("redacted") and contains_secret(out, secrets),
        "redacted": bool(out.get("redacted")),
        "withheld": held,
        "index_version": body.get("index_version"),
        "status": body.get("status", "ok"),
    }
    return out, note
