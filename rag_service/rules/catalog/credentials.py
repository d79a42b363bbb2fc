"""Router passwords and logins: of the one model named, or the sheet's policy on them.

A named model must match a credential row (``rag_service.rules.models``); a model the sheet
lacks, or one a letter away from a sheet's model, is refused with the models the sheet has
(suggestions to ask again), never answered with a neighbour's password. A password asked with
no model named gets the sheet's policy on passwords and its list of models: a password appears
only when one model is meant.
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
from rag_service.rules.lexicon import SYNONYMS
from rag_service.rules.models import match_model
from rag_service.rules.question import Question, known_words, matches_entry
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.words import VOCAB, Word

# With a model named but no password word, these say another thing is asked of it.
_NOT_ITS_ACCESS = (Word.CHANGE, Word.HOW)


def equipment_credentials(q: Question, creds: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    """The rule for router passwords and logins: by model, all of them, or the policy."""
    match = match_model(q, creds, ctx.not_entity)
    named = match.tier in {"exact", "evidence"}
    entity = named or match.tier in {"ambiguous", "near"}
    asks = q.has(Word.PASSWORD) or (q.has(Word.ACCESS) and (q.has(Word.EQUIPMENT) or entity))
    if not asks and match.tier != "exact" and not _model_like(match.mention):
        return None  # a bare number ("qto custa N") is not a model without a password word
    if asks and (
        (q.has(Word.CUSTOMER) and q.has(Word.POLICY)) or (not named and _asks_leave_to_disclose(q))
    ):
        # "Can we give the password to the customer?": the sheet's credential policy answers.
        return _credential_policy(creds)
    if asks and q.has(Word.CHANGE) and (not named or q.has_any(Word.HOW, Word.CHARGE)):
        # Changing / forgetting a password: a procedure or a fee. With a model named the agent
        # needs that model's access to do the change ("esqueceu a senha do wifi do <model>").
        return None
    if not q.has(Word.PASSWORD) and q.has_any(*_NOT_ITS_ACCESS, *ctx.other_triggers):
        return None  # without a password word, a question about something else of the router
    if named:
        return answered(
            "equipment_credentials", match.facts, [credential_line(f) for f in match.facts]
        )
    models = names(creds)
    if match.tier == "ambiguous":
        return not_found(
            "equipment_credentials",
            f"Modelo ambíguo ({match.mention}): pode ser {names(match.facts)}. "
            "Confirme o modelo do equipamento.",
            mention=match.mention,
            suggestions=list(match.suggestions),
        )
    if match.tier == "near":
        return not_found(
            "equipment_credentials",
            f"A planilha não tem o modelo {match.mention}. Você quis dizer "
            f"{' ou '.join(match.suggestions)}?",
            mention=match.mention,
            suggestions=list(match.suggestions),
        )
    if not asks or q.has_any(Word.NOT_ROUTER, Word.CHARGE):
        return None
    mention = match.mention or ""
    logins = {model_key(str(f.attrs.get("login") or "")) for f in creds}
    if (
        match.tier == "unknown"
        and model_key(mention) not in logins
        and (
            any(c.isdigit() for c in mention)
            or not q.has(Word.EQUIPMENT)
            or _brand_like(q, mention)
        )
    ):
        return not_found(
            "equipment_credentials",
            f"A planilha não tem senha para o modelo {mention}. Modelos na planilha: {models}.",
            mention=mention,
            suggestions=list(dict.fromkeys(f.subject for f in creds)),
        )
    return _policy_and_models(creds)


def _policies(creds: list[Fact]) -> list[str]:
    """The policy sentences attached to the credentials, any that holds a password left out:
    an answer without a model never discloses one, whatever ingest attached."""
    secrets = [f.value for f in creds if f.value]
    return [c for c in caveats(creds) if not any(s in c for s in secrets)]


def _credential_policy(creds: list[Fact]) -> RuleAnswer | None:
    """The policy sentences attached to the credentials, without disclosing any credential."""
    policies = _policies(creds)
    if not policies:
        return None  # the sheet says nothing on it: retrieval looks for the text
    return RuleAnswer(
        rule="credential_policy",
        status="answered",
        answer="\n".join(policies),
        facts=[],
        caveats=policies,
    )


def _policy_and_models(creds: list[Fact]) -> RuleAnswer:
    """A password asked with no model: the sheet's policy and its models, never a password."""
    models = list(dict.fromkeys(f.subject for f in creds))
    listing = f"Modelos na planilha: {', '.join(models)}. Informe o modelo para ver a senha."
    policies = _policies(creds)
    if not policies:
        return not_found("equipment_credentials", listing, suggestions=models)
    return RuleAnswer(
        rule="credential_policy",
        status="answered",
        answer="\n".join([*policies, listing]),
        caveats=policies,
        suggestions=models,
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
        b == word and any(matches_entry(a, e) for e in VOCAB[Word.EQUIPMENT])
        for a, b in itertools.pairwise(content)
    )


def _model_like(mention: str | None) -> bool:
    key = model_key(mention or "")
    return any(c.isdigit() for c in key) and any(c.isalpha() for c in key)


def _asks_leave_to_disclose(q: Question) -> bool:
    """ "Pode informar a senha padrão?": leave to disclose, not the agent asking for it ("me")."""
    return q.has(Word.MAY) and q.has(Word.DISCLOSE) and "me" not in q.raw_tokens


RULE = Rule(
    name="equipment_credentials",
    kind="credential",
    triggers=frozenset({Word.PASSWORD, Word.ACCESS}),
    reads=frozenset(
        {Word.EQUIPMENT, Word.CUSTOMER, Word.POLICY, Word.MAY, Word.DISCLOSE, Word.NOT_ROUTER}
        | set(_NOT_ITS_ACCESS)
    ),
    answer=equipment_credentials,
)
