"""derive_questions: agent-style questions whose answers a generated sheet's truth fixes.

A question's ``expect`` strings must all occur in a correct answer; ``exact`` says to compare
them character for character (passwords, logins, URLs, phones, e-mails, ports), otherwise
after folding case, accents and whitespace. ``abstain`` marks a question the sheet does not
answer; ``forbid`` lists strings a correct answer never contains (compared exactly).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from . import agent_text as at
from . import model_forms as mf
from . import phrasings as ph
from .layouts import TEMPLATE_QUESTIONS
from .sheet import GeneratedSheet
from .truth import Credential, Fee, SheetTruth
from .values import FIBER_SPEEDS

QUESTION_VARIANTS = (
    "model_exact", "brand_partial", "missing_suffix", "missing_prefix", "spacing_case",
    "brand_only", "two_part_fields", "policy_no_model", "near_model", "speed_digits",
    "speed_words", "plan_name", "unknown_speed", "fee_answer", "fee_label_line", "fee_no_amount",
    "two_part_kinds", "situation_days", "contact", "port", "deadline", "hours",
    "blank_question", "abbreviation", "typo",
)  # fmt: skip
LABEL_LINE_KEYS = (
    "point_change",
    "address_change",
    "new_point",
    "router_setup",
    "extra_cable",
    "reconnection",
)


@dataclass(frozen=True)
class GeneratedQuestion:
    """One question with what its answer must and must not contain; kind is the fact kind asked.

    ``expect`` are strings of the sheet; ``says`` what the answer must state in the service's
    own words (which of the sheet's thresholds applies), compared as non-exact strings.
    """

    id: str
    q: str
    expect: tuple[str, ...]
    exact: bool
    abstain: bool
    forbid: tuple[str, ...]
    variant: str
    kind: str
    says: tuple[str, ...] = ()


def _q(
    q: str,
    expect: Iterable[str],
    exact: bool,
    variant: str,
    kind: str,
    *,
    forbid: Iterable[str] = (),
    abstain: bool = False,
    says: Iterable[str] = (),
) -> GeneratedQuestion:
    return GeneratedQuestion(
        "", q, tuple(expect), exact, abstain, tuple(forbid), variant, kind, tuple(says)
    )


def _unrelated(a: str, b: str) -> bool:
    return a not in b and b not in a


def _other_passwords(truth: SheetTruth, password: str) -> list[str]:
    return [p for p in truth.passwords() if _unrelated(p, password)]


def _ask_password(
    rng: random.Random, truth: SheetTruth, cred: Credential, name: str, variant: str
) -> GeneratedQuestion:
    q = rng.choice(ph.PASSWORD_ASKS).format(m=name)
    return _q(
        q,
        [cred.password],
        True,
        variant,
        "credential",
        forbid=_other_passwords(truth, cred.password),
    )


def _named_rows(truth: SheetTruth) -> list[Credential]:
    return [c for c in truth.credentials if not mf.is_brand_row(c)]


def credential_questions(truth: SheetTruth, rng: random.Random) -> list[GeneratedQuestion]:
    """Passwords asked by the exact model, part of it, other spellings, the brand; two-part."""
    rows, named = list(truth.credentials), _named_rows(truth)
    out = [
        _ask_password(rng, truth, c, c.model, "model_exact")
        for c in rng.sample(named, min(2, len(named)))
    ]
    # Each form gives the part of the model typed; brand_partial puts the brand before it.
    forms: list[tuple[str, Callable[[Credential], str | None]]] = [
        ("brand_partial", lambda c: mf.partial(mf.code_of(c))),
        ("missing_suffix", lambda c: mf.missing_suffix(mf.code_of(c))),
        ("missing_prefix", lambda c: mf.missing_prefix(mf.code_of(c))),
        ("spacing_case", lambda c: mf.respaced(mf.code_of(c), rng)),
    ]
    for variant, form in forms:
        for cred in rng.sample(named, len(named)):
            part = form(cred)
            if part is None or not mf.identifies(part, cred, rows):
                continue
            if variant == "brand_partial":
                part = f"{mf.brand_typed(cred.brand, rng)} {part}"
            elif variant != "spacing_case":
                part = part.lower()
            out.append(_ask_password(rng, truth, cred, part, variant))
            break
    single_brand = [
        c for c in rows if mf.names_brand(c) and sum(r.brand == c.brand for r in rows) == 1
    ]
    if single_brand:
        cred = rng.choice(single_brand)
        out.append(_ask_password(rng, truth, cred, mf.brand_typed(cred.brand, rng), "brand_only"))
    with_login = [(c, c.login) for c in named if c.login is not None]
    if with_login:
        cred, login = rng.choice(with_login)
        # "login e senha do zte" where the sheet has one ZTE, else by the model.
        by_brand = cred in single_brand and rng.random() < 0.5
        name = mf.brand_typed(cred.brand, rng) if by_brand else cred.model.lower()
        q = rng.choice(ph.LOGIN_PASSWORD_ASKS).format(m=name)
        forbid = _other_passwords(truth, cred.password)
        out.append(
            _q(q, [login, cred.password], True, "two_part_fields", "credential", forbid=forbid)
        )
    keyword = truth.password_policy.keyword
    out.append(
        _q(
            rng.choice(ph.POLICY_ASKS),
            [keyword],
            False,
            "policy_no_model",
            "credential",
            forbid=truth.passwords(),
        )
    )
    for cred in rng.sample(named, len(named)):
        near = mf.near_model(mf.code_of(cred), rng, rows)
        if near is not None:
            if rng.random() < 0.4:
                near = f"{mf.brand_typed(cred.brand, rng)} {near}"
            q = rng.choice(ph.PASSWORD_ASKS).format(m=near.lower())
            out.append(
                _q(q, [], True, "near_model", "credential", forbid=[cred.password], abstain=True)
            )
            break
    return out


def _price_core(price: str) -> str:
    return re.sub(r"^R\$\s*", "", price)


def plan_questions(truth: SheetTruth, rng: random.Random) -> list[GeneratedQuestion]:
    """Plan prices asked by speed in digits and in words; a speed the sheet does not sell."""
    out = []
    for plan in rng.sample(truth.plans, min(2, len(truth.plans))):
        q = rng.choice(ph.PLAN_ASKS).format(s=at.speed_digits(int(plan.speed_mbps), rng))
        out.append(_q(q, [_price_core(plan.price)], False, "speed_digits", "plan"))
    plan = rng.choice(truth.plans)
    q = rng.choice(ph.PLAN_ASKS).format(s=at.speed_words(int(plan.speed_mbps), rng))
    out.append(_q(q, [_price_core(plan.price)], False, "speed_words", "plan"))
    called = [p for p in truth.plans if p.called]
    if called:
        plan = rng.choice(called)
        q = rng.choice(ph.PLAN_NAME_ASKS).format(n=plan.called)
        out.append(_q(q, [_price_core(plan.price)], False, "plan_name", "plan"))
    sold = {int(p.speed_mbps) for p in truth.plans}
    unsold = [s for s in (*FIBER_SPEEDS, 2000) if s not in sold]
    speed = rng.choice(unsold)
    words = at.speed_words(speed, rng) if rng.random() < 0.3 else at.speed_digits(speed, rng)
    out.append(
        _q(
            rng.choice(ph.PLAN_ASKS).format(s=words),
            [],
            False,
            "unknown_speed",
            "plan",
            abstain=True,
        )
    )
    return out


FREE_CORES = ("não é cobrado", "Não é cobrado", "gratuita", "Não cobra", "sem custo")


def _fee_expect(fee: Fee) -> str:
    """The part of a fee's value any faithful answer repeats.

    "80,00" of "R$ 80,00"; the whole "80 reais" or "R$ 80" where a bare "80" would be too weak;
    the "free" words of a fee that is not charged.
    """
    if fee.amount is None:
        return next((core for core in FREE_CORES if core in fee.value), fee.value)
    match = re.search(r"\d+,\d{2}", fee.value)
    return match.group() if match else fee.value


def fee_questions(truth: SheetTruth, rng: random.Random) -> list[GeneratedQuestion]:
    """Fees asked by what they are for; the installation fee the sheet gives no amount for."""
    out = []
    priced = [f for f in truth.fees if not f.stated_without_amount]
    answers = [f for f in priced if f.key not in LABEL_LINE_KEYS]
    lines = [f for f in priced if f.key in LABEL_LINE_KEYS]
    for variant, fees, count in (("fee_answer", answers, 3), ("fee_label_line", lines, 2)):
        for fee in rng.sample(fees, min(count, len(fees))):
            out.append(
                _q(rng.choice(ph.FEE_ASKS[fee.key]), [_fee_expect(fee)], False, variant, "fee")
            )
    installation = truth.fee("installation")
    if installation is not None and installation.stated_without_amount:
        forbid = [f.value for f in truth.fees if f.amount is not None]
        q = rng.choice(ph.FEE_NO_AMOUNT_ASKS)
        out.append(_q(q, [], False, "fee_no_amount", "fee", forbid=forbid, abstain=True))
    visit = truth.fee("unproductive_visit")
    if installation is not None and visit is not None and installation.amount and visit.amount:
        expect = [_fee_expect(installation), _fee_expect(visit)]
        out.append(_q(rng.choice(ph.FEE_PAIR_ASKS), expect, False, "two_part_kinds", "fee"))
    return out


def _days_apart(days: int, thresholds: Iterable[int]) -> bool:
    return all(days != t and _unrelated(str(days), str(t)) for t in thresholds)


def threshold_questions(truth: SheetTruth, rng: random.Random) -> list[GeneratedQuestion]:
    """Customer situations with a number of days late: which threshold applies."""
    out = []
    partial, total = truth.threshold("partial_block"), truth.threshold("total_block")
    release = truth.threshold("max_days_late_release")
    days_all = [t.days for t in truth.thresholds]
    candidates = [d for d in range(1, max(days_all) + 20) if _days_apart(d, days_all)]
    if total is not None:
        day = rng.choice(candidates)
        blocks = sorted((t for t in (partial, total) if t is not None), key=lambda t: t.days)
        reached = [t for t in blocks if day >= t.days]
        if reached:
            applies = reached[-1]
            name = "o bloqueio total" if applies is total else "a redução"
            expect, says = [applies.value], [f"aplica-se {name}"]
        else:
            expect, says = [blocks[0].value], ["ainda não há bloqueio"]
        q = rng.choice(ph.BLOCK_ASKS).format(d=day)
        out.append(_q(q, expect, False, "situation_days", "day_threshold", says=says))
    if release is not None:
        day = rng.choice(candidates)
        says = ["passa do limite" if day > release.days else "dentro do limite"]
        q = rng.choice(ph.TRUST_ASKS).format(d=day)
        out.append(_q(q, [release.value], False, "situation_days", "day_threshold", says=says))
    return out


def contact_questions(truth: SheetTruth, rng: random.Random) -> list[GeneratedQuestion]:
    """Every contact asked alone, and two at once."""
    out = []
    for contact in truth.contacts:
        q = rng.choice(ph.CONTACT_ASKS[contact.type])
        out.append(_q(q, [contact.value], contact.type != "address", "contact", "contact"))
    pairs = [p for p in ph.CONTACT_PAIRS if all(truth.contact(k) for k in p)]
    a, b = rng.choice(pairs)
    q = rng.choice(ph.PAIR_ASKS).format(a=ph.CONTACT_WORDS[a], b=ph.CONTACT_WORDS[b])
    values = [c.value for k in (a, b) if (c := truth.contact(k)) is not None]
    out.append(_q(q, values, "address" not in (a, b), "two_part_kinds", "contact"))
    return out


def other_questions(truth: SheetTruth, rng: random.Random) -> list[GeneratedQuestion]:
    """Port, support deadline, hours, and the template questions the sheet left blank."""
    out: list[GeneratedQuestion] = []
    if truth.access_port is not None:
        out.append(_q(rng.choice(ph.PORT_ASKS), [truth.access_port], True, "port", "access_port"))
    match = re.search(r"\d+\s*(?:h|horas)\b", truth.support_deadline)
    deadline = match.group() if match else truth.support_deadline  # "48h" of "até 48h"
    out.append(_q(rng.choice(ph.DEADLINE_ASKS), [deadline], False, "deadline", "deadline"))
    for hours in truth.hours:
        if hours.key in ph.HOURS_ASKS:
            out.append(
                _q(rng.choice(ph.HOURS_ASKS[hours.key]), [hours.text], False, "hours", "hours")
            )
    keys = {text: key for key, text in TEMPLATE_QUESTIONS.items()}
    for text in truth.unanswered:
        q = rng.choice(ph.BLANK_ASKS[keys[text]])
        out.append(_q(q, [], False, "blank_question", "unanswered", abstain=True))
    return out


def _retyped(base: list[GeneratedQuestion], rng: random.Random) -> list[GeneratedQuestion]:
    """Copies of a few answerable questions with heavy abbreviations, and with a typo."""
    answerable = [q for q in base if not q.abstain]
    out: list[GeneratedQuestion] = []
    for question in rng.sample(answerable, len(answerable)):
        short = at.abbreviate(question.q, rng)
        if short != question.q and sum(q.variant == "abbreviation" for q in out) < 2:
            out.append(replace(question, q=short, variant="abbreviation"))
    for question in rng.sample(answerable, len(answerable)):
        typed = at.typo(question.q, rng)
        if typed is not None and sum(q.variant == "typo" for q in out) < 2:
            out.append(replace(question, q=typed, variant="typo"))
    return out


def derive_questions(sheet: GeneratedSheet, rng: random.Random) -> list[GeneratedQuestion]:
    """Questions about a sheet, the way agents type them, with what the answer must hold.

    Deterministic for the sheet and the state of rng. No question's text holds a password.
    """
    truth = sheet.truth
    builders = (
        credential_questions, plan_questions, fee_questions, threshold_questions,
        contact_questions, other_questions,
    )  # fmt: skip
    base = [q for build in builders for q in build(truth, rng)]
    questions = base + _retyped(base, rng)
    passwords = [p.lower() for p in truth.passwords()]
    seen: set[str] = set()
    out: list[GeneratedQuestion] = []
    for question in questions:
        if question.q in seen or any(p in question.q.lower() for p in passwords):
            continue
        seen.add(question.q)
        forbid = tuple(f for f in question.forbid if all(_unrelated(f, e) for e in question.expect))
        out.append(
            replace(
                question, id=f"{sheet.provider_id}-{len(out):02d}-{question.variant}", forbid=forbid
            )
        )
    return out
