"""Deterministic answers from the extracted facts, for questions that ask for one kind of fact.

``answer_by_rules`` reads the question's KIND from its words (``rag_service.rules.question``),
picks the facts by their attributes, and builds the answer from the facts' values exactly as
written.
It returns ``None`` whenever the question is not clearly a fact question: a wrong rule answer
is worse than letting retrieval answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from ingest.analysis import STOPWORDS, clean, fold, words
from ingest.records import Fact
from rag_service.rules.answer import (
    RuleAnswer,
    answered,
    contact_line,
    line,
    names,
    not_found,
    plan_line,
)
from rag_service.rules.catalog.credentials import answer_credentials
from rag_service.rules.models import question_speeds, technology_words
from rag_service.rules.question import (
    Question,
    match_subject,
    stem_overlap,
    stems,
)
from rag_service.rules.words import VOCAB

logger = logging.getLogger(__name__)

Kinds = dict[str, list[Fact]]
Rule = Callable[[Question, Kinds], RuleAnswer | None]


def answer_by_rules(question: str, facts: list[Fact]) -> RuleAnswer | None:
    """Answer from the facts of ONE provider, or ``None`` when no rule clearly applies."""
    q = Question.read(without_provider_name(clean(question), facts))
    if not [t for t in q.tokens if t not in STOPWORDS]:
        return None
    if q.has("procedure"):
        return None
    kinds: Kinds = {}
    for fact in facts:
        kinds.setdefault(fact.kind, []).append(fact)
    for rule in RULES:
        answer = rule(q, kinds)
        if answer is not None:
            logger.debug("rule %s -> %s", answer.rule, answer.status)
            return answer
    return None


def without_provider_name(question: str, facts: list[Fact]) -> str:
    """The question without the words naming the provider ("numero da <provedor>").

    The name, or a short form of it of 4+ letters ("<nome>" for "<nome>net"), says nothing about
    the kind of fact asked; a short form that the facts use as a word ("fibra" in a provider
    called "fibra..." that sells fibre) stays.
    """
    ids = {fold(f.provider) for f in facts}
    if not ids:
        return question
    used = {
        w for f in facts for w in words(f"{f.subject} {f.value} {f.attrs.get('technology') or ''}")
    }

    def names_provider(word: str) -> bool:
        return any(
            word == pid or (len(word) >= 4 and pid.startswith(word) and word not in used)
            for pid in ids
        )

    kept = [
        m.group() for m in re.finditer(r"\S+", question) if not names_provider(_bare(m.group()))
    ]
    return " ".join(kept)


def _bare(token: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", fold(token)))


# --- the rules, in the order they are tried ----------------------------------------------------


def _access_port(q: Question, kinds: Kinds) -> RuleAnswer | None:
    ports = kinds.get("access_port", [])
    if not ports or not q.has("port"):
        return None
    return answered("access_port", ports, [line(f) for f in ports])


def _thresholds(q: Question, kinds: Kinds) -> RuleAnswer | None:
    found = kinds.get("day_threshold", [])
    if not found:
        return None
    if q.has("release"):
        if not q.has("days"):
            return None  # how to release, not the limit
        chosen = [f for f in found if f.attrs.get("threshold") == "max_days_late_release"]
        return answered("trust_release_days", chosen, [line(f) for f in chosen]) if chosen else None
    slowed = q.has("slow") and q.has("late")  # "atrasou, com quantos dias fica lenta?"
    if not (q.has_any("block", "cut", "reduce") or slowed) or q.has_any("how", "plan"):
        return None
    loose = q.has("block") and not q.content("block")
    if not (q.has_any("days", "when", "partial", "total", "speed") or loose):
        return None
    wanted = set()
    if q.has_any("partial", "reduce") or slowed:
        wanted.add("partial_block")
    if q.has_any("total", "cut"):
        wanted.add("total_block")
    chosen = [f for f in found if f.attrs.get("threshold") in (wanted or {"partial_block"})]
    if not wanted or not chosen:
        chosen = [f for f in found if f.attrs.get("threshold") in {"partial_block", "total_block"}]
    return answered("block_days", chosen, [line(f) for f in chosen]) if chosen else None


def _fee(q: Question, kinds: Kinds) -> RuleAnswer | None:
    fees = kinds.get("fee", [])
    if not fees:
        return None
    # "Em quanto tempo", "quantos dias": "quanto" asks for a duration there, not a price.
    charge = q.has("charge") and not _asks_duration(q)
    if not charge and q.has_any("how", "where", "when", "plan"):
        return None
    # "Can we / do we tell the customer" words are not the subject of the fee. Without a money
    # word, the equipment moved is not the subject either ("mudar o roteador de cômodo").
    ignored = ("charge", "policy", "customer") + (() if charge else ("equipment",))
    asked = q.content(*ignored)
    if not asked:
        return None
    scored = [(match_subject(asked, f.subject), f) for f in fees]
    best = max(m.subject_hits for m, _ in scored)
    top = [(m, f) for m, f in scored if m.subject_hits == best]
    covered = max(m.question_hits for m, _ in top)
    total = scored[0][0].question_words
    if best == 0 or not total:
        return None  # the question is about something the fee subjects do not cover
    if charge:
        # The distinctive words must meet the subject: more than half of them, or two stems.
        if not (covered / total > 0.5 or best >= 2):
            return None
        if best < 2 and (q.has("plan") or question_speeds(q, set())):
            return None
    elif best < 2 or covered < total:
        # No money word ("cliente mudou de casa"): only when every word names one fee subject.
        return None
    chosen = [f for m, f in top if m.question_hits == covered]
    return answered("fee", chosen, [line(f) for f in chosen])


def _asks_duration(q: Question) -> bool:
    return q.phrase("how_many", "time_amount") or q.phrase("how_many", "time_unit")


def _plans(q: Question, kinds: Kinds) -> RuleAnswer | None:
    plans = kinds.get("plan", [])
    if not plans or q.has_any("problem", "how"):
        return None
    techs = technology_words(plans)
    tech_words = {w for ws in techs.values() for w in ws}
    asked_techs = {label for label, ws in techs.items() if ws & set(q.tokens)}
    pool = [p for p in plans if p.attrs.get("technology") in asked_techs] or plans
    plan_groups = ("plan", "list", "charge", "speed", "more", "less", "cheap", "fast", "expensive")
    em_conta = _em_conta(q)
    residue = [
        t
        for t in q.content(*plan_groups)
        if t not in tech_words and not (em_conta and t == "conta")
    ]
    speeds = question_speeds(q, tech_words)
    moving = q.has_any("change", "upgrade")
    if moving and not (speeds and q.has("charge")):
        return None  # changing plans is a procedure, unless the price of the new one is asked
    residue = [t for t in residue if t not in q.matching("change", "upgrade")]
    if speeds:
        if residue and not q.has("charge"):
            return None  # something else about that plan ("upload", "fidelidade")
        hits = [p for p in pool if any(abs(_speed(p) - s) < 0.5 for s in speeds)]
        if hits:
            return answered("plan_price", hits, [plan_line(p) for p in hits])
        return not_found(
            "plan_price",
            "A planilha não tem plano com essa velocidade. Planos: "
            + "; ".join(plan_line(p) for p in pool)
            + ".",
        )
    if residue:
        return None
    cheap = q.has("cheap") or q.phrase("less", "charge") or em_conta
    if cheap:
        low = min(_price(p) for p in pool)
        hits = [p for p in pool if _price(p) == low]
        return answered("cheapest_plan", hits, [plan_line(p) for p in hits])
    if (q.has("fast") and q.has_any("more", "plan")) or q.phrase("more", "speed"):
        top = max(_speed(p) for p in pool)
        hits = [p for p in pool if _speed(p) == top]
        return answered("fastest_plan", hits, [plan_line(p) for p in hits])
    if q.has("expensive") and q.has("more"):
        high = max(_price(p) for p in pool)
        hits = [p for p in pool if _price(p) == high]
        return answered("priciest_plan", hits, [plan_line(p) for p in hits])
    only_plan = not [t for t in q.tokens if t not in STOPWORDS and t not in q.matching("plan")]
    listing = q.has("plan") and (q.has_any("list", "charge") or asked_techs or only_plan)
    listing = listing or (q.has("speed") and (q.has("list") or bool(asked_techs)))
    table = bool(q.matching("list") & {"tabela", "tabelas"}) and q.has("charge")
    if listing or table:
        return answered("plan_list", pool, [plan_line(p) for p in pool])
    return None


def _speed(plan: Fact) -> float:
    value = plan.attrs.get("speed_mbps")
    return float(value) if isinstance(value, int | float) else -1.0


def _price(plan: Fact) -> float:
    value = plan.attrs.get("price")
    return float(value) if isinstance(value, int | float) else float("inf")


def _em_conta(q: Question) -> bool:
    return any(a == "em" and b == "conta" for a, b in zip(q.tokens, q.tokens[1:], strict=False))


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
        q.has("speedtest")
        or (q.has_any("measure", "site") and q.has("speed"))
        or (q.has("site") and q.has_any("measure", "problem"))
    ):
        types.add("speedtest_site")
    elif q.has("site"):
        types.add("site")
    if q.has("phone") or (q.has("number") and (q.has("number_context") or not q.content("number"))):
        types.add("phone")
    if q.has("whatsapp"):
        types.add("whatsapp")
    if q.has("email"):
        types.add("email")
    if q.has("system") and (q.has_any("link", "password") or not q.content("system")):
        types.add("system_url")
    if q.has("portal") or (q.has("central") and q.has_any("customer", "password", "link")):
        types.add("subscriber_portal")
    wants_address = q.has("address") or (q.has("where") and q.has_any("located", "place"))
    if wants_address and not types and not q.has("change"):
        types.add("address")
    return types


def _contacts(q: Question, kinds: Kinds) -> RuleAnswer | None:
    contacts = kinds.get("contact", [])
    if not contacts or q.has_any("channel_action", "how"):
        return None
    types = _contact_types(q)
    if not types:
        if not q.has("contacts"):
            return None
        return answered("contact", contacts, [contact_line(f) for f in contacts])
    chosen = [f for f in contacts if f.attrs.get("contact_type") in types]
    missing = sorted(types - {str(f.attrs.get("contact_type")) for f in chosen})
    gap = "A planilha não informa: " + ", ".join(CONTACT_NAMES[t] for t in missing) + "."
    if not chosen:
        return not_found("contact", f"{gap} Contatos na planilha: {names(contacts)}.")
    return answered(
        "contact", chosen, [contact_line(f) for f in chosen], [gap] if missing else None
    )


def _hours(q: Question, kinds: Kinds) -> RuleAnswer | None:
    hours = kinds.get("hours", [])
    if not hours:
        return None
    if q.has("technician") and q.has("weekend") and not q.has_any("hours", "oncall"):
        return _oncall(hours)
    if not (q.has_any("hours", "oncall") or (q.has("opens") and q.has_any("time", "when"))):
        return None
    if "fora" in q.tokens:
        return None  # who answers OUTSIDE the hours is a procedure the hours facts do not hold
    generic = stems(sorted(w.rstrip("*") for w in VOCAB["hours_generic"] | VOCAB["hours"]))
    asked = stems(q.content("hours", "opens", "time", "when", "hours_generic")) - generic
    if asked:
        scored = [(len(stem_overlap(asked, stems(f.subject) - generic)), f) for f in hours]
        best = max(score for score, _ in scored)
        if not best:
            return None  # hours of something no hours fact is about: let retrieval look
        chosen = [f for score, f in scored if score == best]
        return answered("hours", chosen, [line(f) for f in chosen])
    return answered("hours", hours, [line(f) for f in hours])


def _oncall(hours: list[Fact]) -> RuleAnswer | None:
    """The hours facts about the on-call service ("plantão"), for "tem técnico no domingo?"."""
    oncall = stems(sorted(w.rstrip("*") for w in VOCAB["oncall"]))
    chosen = [f for f in hours if stem_overlap(stems(f.subject), oncall)]
    return answered("hours", chosen, [line(f) for f in chosen]) if chosen else None


def _deadline(q: Question, kinds: Kinds) -> RuleAnswer | None:
    deadlines = kinds.get("deadline", [])
    if not deadlines:
        return None
    how_long = q.has("how_many") and (
        q.has("time_amount") or (q.has("time_unit") and q.has("resolve"))
    )
    if not (q.has("deadline") or how_long):
        return None
    asked = q.content("deadline", "time_amount", "how_many", "time_unit", "resolve")
    if not asked:
        return answered("deadline", deadlines, [line(f) for f in deadlines])
    scored = [(match_subject(asked, f.subject).question_hits, f) for f in deadlines]
    best = max(score for score, _ in scored)
    if not best:
        return None  # a deadline of something the sheet's deadlines are not about
    chosen = [f for score, f in scored if score == best]
    return answered("deadline", chosen, [line(f) for f in chosen])


RULES: tuple[Rule, ...] = (
    _access_port,
    answer_credentials,
    _thresholds,
    _fee,
    _plans,
    _contacts,
    _deadline,
    _hours,
)

__all__ = ["RULES", "RuleAnswer", "answer_by_rules"]
