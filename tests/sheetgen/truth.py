"""The ground truth of one generated sheet: every value exactly as the sheet writes it.

Strings are verbatim (``Plan.price`` is "R$ 84,90" where the sheet has "R$ 84,90"); the
normalised forms sit beside them (``price_value``, ``speed_mbps``, ``amount``, ``days``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

THRESHOLD_KINDS = ("partial_block", "total_block", "max_days_late_release")
CONTACT_TYPES = (
    "phone", "whatsapp", "email", "site", "address", "system_url", "subscriber_portal",
    "speedtest_site",
)  # fmt: skip
FEE_KEYS = (
    "installation", "unproductive_visit", "reset_os", "reset", "point_change", "address_change",
    "point_address_change", "new_point", "router_setup", "extra_cable", "reconnection",
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """A plan: its technology group label (None when the sheet has no group), speed, price;
    ``name`` the plan as written when it has words of its own ("Plano Turbo 300MB", "600 MEGA
    + IP FIXO"), ``called`` the word a question may name it by ("turbo"), if any."""

    technology: str | None
    speed: str
    speed_mbps: float
    price: str
    price_value: float
    name: str | None = None
    called: str | None = None


@dataclass(frozen=True)
class Credential:
    """A router's default access; login None where the sheet has "-" or nothing."""

    model: str
    brand: str
    login: str | None
    password: str


@dataclass(frozen=True)
class Fee:
    """Something charged (or said to be free).

    ``key`` is the stable kind (one of FEE_KEYS); ``label`` names it in the sheet's words;
    ``value`` is the amount as written ("R$ 80,00", "20 reais") or, with no amount, the
    statement ("Não é cobrado"). ``stated_without_amount`` marks a fee the sheet says exists
    but prices nowhere.
    """

    key: str
    label: str
    value: str
    amount: float | None
    charged: bool | None
    stated_without_amount: bool = False


@dataclass(frozen=True)
class Threshold:
    """A count of days late: ``value`` as written ("30 Dias"), ``days`` the number."""

    kind: str
    label: str
    value: str
    days: int


@dataclass(frozen=True)
class Contact:
    """A contact or URL; ``login_rule`` is the portal's sentence on how to log in."""

    type: str
    label: str
    value: str
    login_rule: str | None = None


@dataclass(frozen=True)
class Hours:
    """Opening hours; ``key`` is "call_centre", "on_call" or "company"."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class PasswordPolicy:
    """Whether the router password may be told, and a word any faithful answer repeats."""

    text: str
    allowed: bool
    keyword: str


@dataclass(frozen=True)
class SheetTruth:
    """Everything a generated sheet states, plus the layout chosen for each part."""

    provider: str
    technologies: tuple[str, ...]
    coverage: str
    plans: tuple[Plan, ...]
    credentials: tuple[Credential, ...]
    fees: tuple[Fee, ...]
    thresholds: tuple[Threshold, ...]
    contacts: tuple[Contact, ...]
    hours: tuple[Hours, ...]
    access_port: str | None
    port: int | None
    support_deadline: str
    deadline_hours: int
    password_policy: PasswordPolicy
    unanswered: tuple[str, ...]
    variants: dict[str, str] = field(default_factory=dict)
    # What the text holds that no answer may give: an e-mail signature's phone.
    foreign: tuple[str, ...] = ()

    def credential(self, model: str) -> Credential:
        """The credential of a model as written; KeyError when the sheet has no such model."""
        for row in self.credentials:
            if row.model == model:
                return row
        raise KeyError(model)

    def threshold(self, kind: str) -> Threshold | None:
        """The threshold of a kind, or None when the sheet does not state it."""
        return next((t for t in self.thresholds if t.kind == kind), None)

    def fee(self, key: str) -> Fee | None:
        """The fee of a key, or None when the sheet does not mention it."""
        return next((f for f in self.fees if f.key == key), None)

    def contact(self, kind: str) -> Contact | None:
        """The contact of a type, or None when the sheet has none."""
        return next((c for c in self.contacts if c.type == kind), None)

    def passwords(self) -> tuple[str, ...]:
        """Every distinct password, in sheet order."""
        return tuple(dict.fromkeys(c.password for c in self.credentials))

    def strings(self) -> Iterator[str]:
        """Every verbatim string of the truth (each must occur in the sheet's text)."""
        yield self.provider
        yield from self.technologies
        yield self.coverage
        for plan in self.plans:
            yield from (plan.speed, plan.price)
            if plan.name is not None:
                yield plan.name
            if plan.technology is not None:
                yield plan.technology
        for cred in self.credentials:
            yield from (cred.model, cred.password)
            if cred.login is not None:
                yield cred.login
        for fee in self.fees:
            yield from (fee.label, fee.value)
        for threshold in self.thresholds:
            yield from (threshold.label, threshold.value)
        for contact in self.contacts:
            yield from (contact.label, contact.value)
            if contact.login_rule is not None:
                yield contact.login_rule
        for hours in self.hours:
            yield from (hours.label, hours.text)
        if self.access_port is not None:
            yield self.access_port
        yield self.support_deadline
        yield self.password_policy.text
        yield from self.unanswered
