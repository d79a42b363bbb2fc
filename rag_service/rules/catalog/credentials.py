"""The credential rule: a router's password and login by model, every model, or the policy.

A named model must match a credential fact (``rag_service.rules.models``); an unknown model is
refused with the models the sheet has, never answered with a neighbour's password.
"""

from __future__ import annotations

import itertools

from ingest.analysis import STOPWORDS, model_key, words
from ingest.records import Fact
from rag_service.rules.answer import (
    RuleAnswer,
    answered,
    caveats,
    credential_line,
    names,
    not_found,
)
from rag_service.rules.models import match_model
from rag_service.rules.question import Question, known_words, matches_entry
from rag_service.rules.words import SYNONYMS, VOCAB


def answer_credentials(q: Question, kinds: dict[str, list[Fact]]) -> RuleAnswer | None:
    """The rule for router passwords and logins: by model, all of them, or the policy."""
    creds = kinds.get("credential", [])
    if not creds:
        return None
    match = match_model(q, creds)
    named = match.tier in {"exact", "contains", "near"}
    asks = q.has("password") or (q.has("access") and (q.has("equipment") or named))
    if not asks and match.tier != "exact" and not _model_like(match.mention):
        return None  # a bare number ("qto custa N") is not a model without a password word
    if asks and (
        (q.has("customer") and q.has("policy")) or (not named and _asks_leave_to_disclose(q))
    ):
        # "Can we give the password to the customer?": the sheet's credential policy answers.
        return _credential_policy(creds)
    if asks and q.has("change") and (not named or q.has_any("how", "charge")):
        # Changing / forgetting a password: a procedure or a fee. With a model named the agent
        # needs that model's access to do the change ("esqueceu a senha do wifi do <model>").
        return None
    if named:
        others = ("charge", "change", "how", "port", "block", "release", "hours", "deadline")
        if not asks and q.has_any(*others):
            return None
        return answered(
            "equipment_credentials", match.facts, [credential_line(f) for f in match.facts]
        )
    models = names(creds)
    if match.tier == "ambiguous":
        return not_found(
            "equipment_credentials",
            f"Modelo ambíguo ({match.mention}): pode ser {names(match.facts)}. "
            "Confirme o modelo do equipamento.",
        )
    if not asks or q.has_any("not_router", "charge"):
        return None
    mention = match.mention or ""
    logins = {model_key(str(f.attrs.get("login") or "")) for f in creds}
    if (
        match.tier == "unknown"
        and model_key(mention) not in logins
        and (any(c.isdigit() for c in mention) or not q.has("equipment") or _brand_like(q, mention))
    ):
        return not_found(
            "equipment_credentials",
            f"A planilha não tem senha para o modelo {mention}. Modelos na planilha: {models}.",
        )
    return answered("equipment_credentials", creds, [credential_line(f) for f in creds])


def _credential_policy(creds: list[Fact]) -> RuleAnswer | None:
    """The policy sentences attached to the credentials, without disclosing any credential."""
    policies = caveats(creds)
    if not policies:
        return None  # the sheet says nothing on it: retrieval looks for the text
    return RuleAnswer(
        rule="credential_policy",
        status="answered",
        answer="\n".join(policies),
        facts=[],
        caveats=policies,
    )


def _brand_like(q: Question, mention: str) -> bool:
    """One unknown word of 4+ letters right after "roteador" ("roteador <marca>") names a brand
    the sheet lacks; words of the rules' vocabulary or their synonyms ("roteador da sala") and
    words elsewhere ("cliente pediu a senha do modem") do not."""
    tokens = words(mention)
    if len(tokens) != 1 or not tokens[0].isalpha() or len(tokens[0]) < 4:
        return False
    word = tokens[0]
    if word in known_words() or any(matches_entry(word, e) for ws in SYNONYMS.values() for e in ws):
        return False
    content = [t for t in q.tokens if t not in STOPWORDS]
    return any(
        b == word and any(matches_entry(a, e) for e in VOCAB["equipment"])
        for a, b in itertools.pairwise(content)
    )


def _model_like(mention: str | None) -> bool:
    key = model_key(mention or "")
    return any(c.isdigit() for c in key) and any(c.isalpha() for c in key)


def _asks_leave_to_disclose(q: Question) -> bool:
    """ "Pode informar a senha padrão?": leave to disclose, not the agent asking for it ("me")."""
    return q.has("may") and q.has("disclose") and "me" not in q.raw_tokens
