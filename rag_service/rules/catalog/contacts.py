"""Contacts: phone, WhatsApp, e-mail, site, address, the system and the subscriber portal."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.analysis import words
from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, contact_line, names, not_found
from rag_service.rules.question import Question, in_groups
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.subjects import match_subject
from rag_service.rules.words import Word

CONTACT_NAMES = {
    "phone": "telefone",
    "whatsapp": "WhatsApp",
    "address": "endereço",
    "site": "site",
    "email": "e-mail",
    "system_url": "sistema",
    "subscriber_portal": "central do assinante",
    "speedtest_site": "site de teste de velocidade",
}


def _contact_types(q: Question) -> set[str]:
    types: set[str] = set()
    # A site to test with, or a site asked about while the connection is slow: the speed test.
    if (
        q.has(Word.SPEEDTEST)
        or (q.has_any(Word.MEASURE, Word.SITE) and q.has(Word.SPEED))
        or (q.has(Word.SITE) and q.has_any(Word.MEASURE, Word.PROBLEM))
    ):
        types.add("speedtest_site")
    elif q.has(Word.SITE):
        types.add("site")
    numbered = q.has(Word.NUMBER) and (q.has(Word.NUMBER_CONTEXT) or not q.content(Word.NUMBER))
    # "... e o fixo": a part that asks for the fixed line alone ("ip fixo" is not one).
    fixed_alone = q.content() == ["fixo"]
    if q.has(Word.PHONE) or numbered or fixed_alone:
        types.add("phone")
    if q.has(Word.WHATSAPP):
        types.add("whatsapp")
    if q.has(Word.EMAIL):
        types.add("email")
    if q.has(Word.SYSTEM) and (q.has_any(Word.LINK, Word.PASSWORD) or not q.content(Word.SYSTEM)):
        types.add("system_url")
    central = q.has(Word.CENTRAL) and q.has_any(Word.CUSTOMER, Word.PASSWORD, Word.LINK)
    if q.has(Word.PORTAL) or central:
        types.add("subscriber_portal")
    located = q.has(Word.WHERE) and q.has_any(Word.LOCATED, Word.PLACE)
    wants_address = q.has(Word.ADDRESS) or located
    if wants_address and not types and not q.has(Word.CHANGE):
        types.add("address")
    return types


# Contacts a customer reaches by a link: "como o cliente acessa a central?" asks for it.
WEB = frozenset({"site", "system_url", "subscriber_portal", "speedtest_site"})


def contacts(q: Question, found: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    types = _contact_types(q)
    if q.has(Word.HOW) and not (types and types <= WEB and q.has(Word.LINK)):
        return None  # how to do something, not a contact
    if not types:
        if not q.has(Word.CONTACTS):
            return None
        return answered("contact", found, [contact_line(f) for f in found])
    chosen = [f for f in found if f.attrs.get("contact_type") in types]
    chosen = _named(q, chosen, found)
    missing = sorted(types - {str(f.attrs.get("contact_type")) for f in chosen})
    # The departments asked that no contact chosen names ("... e telefone da ouvidoria").
    said = {t for f in chosen for t in words(f.subject)}
    unnamed = q.matching(Word.DEPARTMENT) - said if _by_department(found) else set()
    asked = " ".join(sorted(unnamed))
    named = [CONTACT_NAMES[t] + (f" ({asked})" if asked else "") for t in missing]
    gap = "A planilha não informa: " + ", ".join(named) + "."
    if not chosen:
        return not_found("contact", f"{gap} Contatos na planilha: {names(found)}.")
    given = answered(
        "contact", chosen, [contact_line(f) for f in chosen], [gap] if missing else None
    )
    # The words that asked for the types given ("endereço da loja"): this answer explains
    # them, though other contacts' keys hold them too ("ENDEREÇO MATRIZ").
    kinds = {str(f.attrs.get("contact_type")) for f in chosen}
    asked_for = q.matching(*(w for t in kinds for w in _TYPE_GROUPS.get(t, ())))
    return replace(given, mention=" ".join(sorted(asked_for))) if asked_for else given


# The word groups that ask for each contact type.
_TYPE_GROUPS: dict[str, tuple[Word, ...]] = {
    "phone": (Word.PHONE, Word.NUMBER),
    "whatsapp": (Word.WHATSAPP,),
    "email": (Word.EMAIL,),
    "site": (Word.SITE,),
    "address": (Word.ADDRESS,),
    "system_url": (Word.SYSTEM,),
    "subscriber_portal": (Word.PORTAL, Word.CENTRAL),
    "speedtest_site": (Word.SPEEDTEST, Word.SITE),
}


_TYPE_WORDS = (
    Word.PHONE, Word.WHATSAPP, Word.EMAIL, Word.SITE, Word.ADDRESS, Word.SYSTEM, Word.PORTAL,
    Word.SPEEDTEST, Word.CONTACTS, Word.NUMBER, Word.CENTRAL, Word.LINK, Word.CUSTOMER,
)  # fmt: skip


def _named(q: Question, chosen: list[Fact], found: list[Fact]) -> list[Fact]:
    """Of several contacts of one type, those the question names by their own words ("whats
    do financeiro": WhatsApp Financeiro, not WhatsApp Suporte); all when it names none."""
    words = q.content(*_TYPE_WORDS)
    # A department asked on a sheet whose contacts are kept by department.
    departments = q.matching(Word.DEPARTMENT) if _by_department(found) else set()
    # A number the question gives that a contact's value opens with ("o 0800") names it too.
    numbers = [t for t in q.tokens if t.isdigit() and len(t) >= 3]
    if not words and not numbers:
        return chosen
    kept: list[Fact] = []
    for ctype in dict.fromkeys(str(f.attrs.get("contact_type")) for f in chosen):
        same = [f for f in chosen if f.attrs.get("contact_type") == ctype]
        # The subject and the words beside the value ("(93) 99102-7788 (financeiro)").
        by_words = {
            id(f): match_subject(words, f"{f.subject} {f.value}").question_hits for f in same
        }
        if words and not any(by_words.values()):
            if not any(w in departments for w in words):
                kept += same  # its words name none of them ("telefone fixo"): all of that type
            elif not q.has(Word.OFFICE):
                # A department none of them names ("whats do suporte"): a general one serves
                # it; an office of its own ("telefone da ouvidoria") only one named so.
                kept += [f for f in same if not _names_department(f)]
            continue
        hits = {
            id(f): by_words[id(f)]
            + sum(1 for n in numbers if re.sub(r"\D", "", f.value).startswith(n))
            for f in same
        }
        best = max(hits.values())
        kept += [f for f in same if hits[id(f)] == best] if best else same
    return kept


def _names_department(fact: Fact) -> bool:
    """A contact named by a department ("WhatsApp Financeiro"), not a general one."""
    return any(in_groups(token, (Word.DEPARTMENT,)) for token in words(fact.subject))


def _by_department(found: list[Fact]) -> bool:
    """True when the sheet keeps some of its contacts by department."""
    return any(_names_department(f) for f in found)


RULE = Rule(
    name="contact",
    kind="contact",
    triggers=frozenset(
        {
            Word.PHONE,
            Word.WHATSAPP,
            Word.EMAIL,
            Word.SITE,
            Word.ADDRESS,
            Word.SYSTEM,
            Word.PORTAL,
            Word.SPEEDTEST,
            Word.CONTACTS,
        }
    ),
    excludes=frozenset({Word.CHANNEL_ACTION, Word.OFFER}),
    reads=frozenset(
        {Word.NUMBER, Word.CENTRAL, Word.MEASURE, Word.LINK, Word.WHERE, Word.LOCATED, Word.PLACE}
    ),
    answer=contacts,
)
