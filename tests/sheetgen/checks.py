"""How extracted facts are checked against a generated sheet's truth, value by value.

Each truth item must come back as a fact of its kind with its value exactly as written (a
password character for character); a mismatch names the layout part, what was expected and the
closest fact found, so that a failing variant shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.analysis import fold
from ingest.records import Fact

from .truth import SheetTruth


@dataclass(frozen=True)
class Mismatch:
    """One truth item the facts do not hold exactly."""

    part: str  # the layout part of the sheet ("credentials", "plans", "blocks", ...)
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.part}: expected {self.expected!r}, found {self.found}"


def _kind(facts: Iterable[Fact], kind: str) -> list[Fact]:
    return [f for f in facts if f.kind == kind]


def _shown(facts: Sequence[Fact]) -> str:
    return "; ".join(f"{f.subject}={f.value}" for f in facts[:6]) or "no fact of that kind"


def credential_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    creds = _kind(facts, "credential")
    out = []
    for row in truth.credentials:
        # The model as the sheet names it, its case aside ("ZTE" over "F670L" is "ZTE F670L").
        same = [f for f in creds if fold(f.subject) == fold(row.model)]
        ok = any(f.value == row.password and f.attrs.get("login") == row.login for f in same)
        if not ok:
            expected = f"{row.model} / {row.login} / {row.password}"
            shown = [f"{f.subject}/{f.attrs.get('login')}/{f.value}" for f in same or creds]
            out.append(Mismatch("credentials", expected, "; ".join(shown[:4]) or "none"))
    return out


def plan_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    plans = _kind(facts, "plan")
    several = len({p.technology for p in truth.plans}) > 1
    out = []
    for plan in truth.plans:
        ok = any(
            f.attrs.get("speed_mbps") == plan.speed_mbps
            and f.attrs.get("price") == plan.price_value
            and f.value == plan.price
            and (plan.name is None or f.attrs.get("name") == plan.name)
            # With two technologies, each plan must say which one it is.
            and (not several or _technology(plan.technology) == f.attrs.get("technology"))
            for f in plans
        )
        if not ok:
            expected = f"{plan.technology or ''} {plan.speed} -> {plan.price}".strip()
            shown = "; ".join(
                f"{f.attrs.get('technology')} {f.subject}={f.value}" for f in plans[:6]
            )
            out.append(Mismatch("plans", expected, shown or "no plan"))
    return out


def _technology(label: str | None) -> str | None:
    """The technology a truth label names, as ingest folds it ("Fibra óptica" -> "fibra")."""
    if label is None:
        return None
    words = [w for w in fold(label).replace(":", " ").split() if w not in {"planos", "plano"}]
    return words[0] if words else None


def fee_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    fees = _kind(facts, "fee")
    out = []
    for fee in truth.fees:
        if fee.stated_without_amount:
            continue  # no value to extract (the lint and the not_found answer cover it)
        if not any(fee.value in f.value for f in fees):
            out.append(Mismatch("fees", f"{fee.label}: {fee.value}", _shown(fees)))
    return out


def threshold_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    found = _kind(facts, "day_threshold")
    out = []
    for threshold in truth.thresholds:
        ok = any(
            f.attrs.get("threshold") == threshold.kind and f.attrs.get("days") == threshold.days
            for f in found
        )
        if not ok:
            expected = f"{threshold.kind} {threshold.days}"
            out.append(Mismatch("blocks", expected, _shown(found)))
    return out


def contact_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    contacts = _kind(facts, "contact")
    out = []
    for contact in truth.contacts:
        ok = any(
            f.attrs.get("contact_type") == contact.type and f.value == contact.value
            for f in contacts
        )
        if not ok:
            out.append(Mismatch("contacts", f"{contact.type}: {contact.value}", _shown(contacts)))
    return out


def hours_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    hours = _kind(facts, "hours")
    out = []
    for item in truth.hours:
        if not any(item.text in f.value for f in hours):
            out.append(Mismatch("hours", f"{item.label}: {item.text}", _shown(hours)))
    return out


def other_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    out = []
    ports = _kind(facts, "access_port")
    if truth.access_port is not None and not any(f.value == truth.access_port for f in ports):
        out.append(Mismatch("port", truth.access_port, _shown(ports)))
    deadlines = _kind(facts, "deadline")
    if not any(f.attrs.get("hours") == truth.deadline_hours for f in deadlines):
        out.append(Mismatch("deadline", truth.support_deadline, _shown(deadlines)))
    return out


def foreign_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    """What the text holds that is no value of the sheet (an e-mail signature's phone) is in
    no fact."""
    return [
        Mismatch("envelope", f"no fact holding {value}", f"{f.kind} {f.subject}={f.value}")
        for value in truth.foreign
        for f in facts
        if value in f.value
    ]


CHECKS = (
    credential_mismatches,
    plan_mismatches,
    fee_mismatches,
    threshold_mismatches,
    contact_mismatches,
    hours_mismatches,
    other_mismatches,
    foreign_mismatches,
)


def fact_mismatches(truth: SheetTruth, facts: Sequence[Fact]) -> list[Mismatch]:
    """Every truth value the facts do not hold exactly (empty: the extraction is right)."""
    return [m for check in CHECKS for m in check(truth, facts)]
