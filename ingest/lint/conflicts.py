"""One fact given in two places: with different values (a conflict), or with the same value
written differently (a repetition that will drift).

Facts are "the same fact" by their kind's identity (``ingest.facts.registry``: a plan by
technology and speed, a router by model key, a threshold by what it blocks, ...); hours by what
they are of, compared as schedules (``ingest.lint.schedule``). Facts of one unit are one
statement and never compared with each other.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from ingest.analysis import fold
from ingest.facts.registry import BY_NAME
from ingest.lint.kinds import Kind
from ingest.lint.report import Report, lines_phrase
from ingest.lint.schedule import Segment, schedule
from ingest.records import Fact, Unit

# What a fact's value means, by kind: the attribute two values are compared on.
_MEANING_ATTR = {
    "plan": "price",
    "fee": "amount",
    "day_threshold": "days",
    "deadline": "hours",
    "access_port": "port",
}
# Folded words of an hours subject that say nothing of whose hours they are.
_GENERIC_HOURS_WORDS = {
    "horario", "horarios", "de", "da", "do", "das", "dos", "e", "atendimento", "funcionamento",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def conflicting_values(report: Report) -> None:
    """Conflicts and repetitions among the sheet's facts."""
    units = {unit.id: unit for unit in report.sheet.units}
    groups: dict[Hashable, list[Fact]] = {}
    for fact in report.sheet.facts:
        kind = BY_NAME.get(fact.kind)
        if kind is None or fact.kind == "hours":
            continue
        groups.setdefault((fact.kind, kind.identity(fact)), []).append(fact)
    for facts in groups.values():
        _compare(report, facts)
    _compare_hours(report, [f for f in report.sheet.facts if f.kind == "hours"], units)


def _meaning(fact: Fact) -> Hashable:
    """What the value says, apart from how it is written (None: not comparable)."""
    attr = _MEANING_ATTR.get(fact.kind)
    if attr is not None:
        return fact.attrs.get(attr)
    if fact.kind == "contact" and fact.attrs.get("contact_type") in ("phone", "whatsapp"):
        return "".join(c for c in fact.value if c.isdigit()) or None
    return " ".join(fact.value.split()) if fact.secret else " ".join(fold(fact.value).split())


def _written(fact: Fact) -> str:
    return " ".join(fact.value.split())


def _compare(report: Report, facts: Sequence[Fact]) -> None:
    """Each fact after the first (in another unit) against those before it."""
    for k, fact in enumerate(facts):
        before = [f for f in facts[:k] if f.unit_id != fact.unit_id]
        meaning = _meaning(fact)
        if not before or meaning is None:
            continue
        differ = [f for f in before if _meaning(f) is not None and _meaning(f) != meaning]
        if differ:
            report.add(fact.lines[0], Kind.CONFLICTING, _conflict_message(report, fact, differ))
            continue
        if any(_written(f) != _written(fact) for f in before if _meaning(f) == meaning):
            where = lines_phrase((f.lines[0] for f in before), "na")
            message = (
                f"{_name(report, fact)} repetido: o mesmo valor já está {where}, "
                f"escrito de outra forma ({report.quote(fact.value)}); mantenha um só lugar"
            )
            report.add(fact.lines[0], Kind.REPEATED, message)


def _conflict_message(report: Report, fact: Fact, differ: Sequence[Fact]) -> str:
    if fact.secret:
        where = lines_phrase((f.lines[0] for f in differ), "da")
        return f"{_name(report, fact)}: valor diferente do {where} (qual vale?)"
    where = lines_phrase((f.lines[0] for f in differ), "na")
    others = ", ".join(report.quote(f.value) for f in differ)
    return f"{_name(report, fact)}: {report.quote(fact.value)} aqui, {others} {where}"


_KIND_NAMES = {
    "plan": "plano",
    "credential": "senha do equipamento",
    "fee": "taxa",
    "day_threshold": "prazo em dias",
    "deadline": "prazo",
    "access_port": "porta de acesso",
    "contact": "contato",
    "hours": "horário",
}


def _name(report: Report, fact: Fact) -> str:
    """How a message names a fact: its kind in Portuguese and its subject."""
    kind = _KIND_NAMES.get(fact.kind, fact.kind)
    if fact.kind == "plan":
        technology = fact.attrs.get("technology")
        subject = f"{technology} {fact.subject}" if technology else fact.subject
        return f"{kind} {report.quote(subject)}"
    return f"{kind} {report.quote(fact.subject)}"


def _hours_subject(fact: Fact, units: dict[str, Unit]) -> str:
    """Whose hours: the subject's specific words; "" for plain "HORÁRIO" or a section name."""
    unit = units.get(fact.unit_id)
    if unit is not None and fold(fact.subject) == fold(unit.section):
        return ""
    return " ".join(w for w in _WORD.findall(fold(fact.subject)) if w not in _GENERIC_HOURS_WORDS)


def _compare_hours(report: Report, facts: Sequence[Fact], units: dict[str, Unit]) -> None:
    """The same schedule written in another form anywhere (repeated), or another schedule for
    the same subject in another unit (conflicting)."""
    read: list[tuple[Fact, frozenset[Segment], str]] = []
    for fact in facts:
        found = schedule(fact.value)
        if found is not None:
            read.append((fact, found, _hours_subject(fact, units)))
    for k, (fact, segments, subject) in enumerate(read):
        before = [(f, s, subj) for f, s, subj in read[:k] if f.unit_id != fact.unit_id]
        same = [f for f, s, _ in before if s == segments]
        other = [f for f, s, subj in before if subj == subject and s != segments]
        if other:
            where = lines_phrase((f.lines[0] for f in other), "na")
            quoted = ", ".join(report.quote(f.value) for f in other)
            message = f"horário {report.quote(fact.value)} aqui, {quoted} {where}"
            report.add(fact.lines[0], Kind.CONFLICTING, message)
        elif same and any(_hours_text(f) != _hours_text(fact) for f in same):
            message = (
                f"horário repetido: o mesmo {lines_phrase((f.lines[0] for f in same), 'da')}, "
                f"escrito de outra forma ({report.quote(fact.value)}); mantenha um só lugar"
            )
            report.add(fact.lines[0], Kind.REPEATED, message)


def _hours_text(fact: Fact) -> str:
    return " ".join(fact.value.split())
