"""Drawing the values one sheet states, before any of it is written."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from . import routers, values
from .layouts import OPTIONAL_QUESTIONS
from .truth import Credential, PasswordPolicy

POLICIES: tuple[tuple[str, bool, str], ...] = (
    (
        "Não passar acesso padrão, caso o cliente solicite pode ser feita a troca da senha "
        "para uma de preferência do cliente e registrar no sistema",
        False,
        "troca",
    ),
    ("Não informar a senha padrão ao cliente, orientar a redefinição por OS", False, "redefinição"),
    ("Sim, pode informar somente ao titular do contrato após confirmar o CPF", True, "titular"),
    ("Sim, pode passar a senha ao cliente", True, "pode passar"),
    ("Não. Apenas alterar a senha do Wi-Fi a pedido do cliente", False, "Wi-Fi"),
    ("Somente com autorização do setor técnico", False, "autorização"),
)
ON_CALL_TEXTS = (
    "Sábado das 08h às 12h",
    "Sábados e feriados das 08h às 17h",
    "Sábado e Domingo das 09h às 15h",
)


@dataclass(frozen=True)
class Content:
    """The values of one sheet; None in a fee means "free", in on_call "no on-call"."""

    name: str
    slug: str
    place: values.Place
    tech_words: tuple[str, ...]
    group_labels: tuple[str | None, ...]
    offers: tuple[tuple[tuple[int, int], ...], ...]
    table_rows: tuple[Credential, ...]
    sentence_row: Credential | None
    port: int
    installation: int
    visit: int
    reset_os: int | None
    reset: int | None
    services: tuple[tuple[str, int], ...]
    reconnection: int
    partial: int
    total: int
    trust: int
    contacts: Mapping[str, str]
    login_rule: str
    call_centre_hours: str
    on_call: str | None
    company_hours: str
    deadline: tuple[str, int]
    policy: PasswordPolicy
    unanswered: tuple[str, ...]


def _technologies(
    rng: random.Random, layout: str
) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    caps = rng.random() < 0.5
    fiber, radio = ("FIBRA", "RÁDIO") if caps else ("Fibra", "Rádio")
    if layout == "two":
        return ("Fibra", "Rádio"), (fiber, radio)
    words = (rng.choice(("Fibra", "Fibra óptica", "FTTH")),)
    return words, ((fiber,) if layout == "single_labeled" else (None,))


def _offers(
    rng: random.Random, speeds: list[int], low: int, taken: list[str]
) -> tuple[tuple[int, int], ...]:
    reais = rng.randint(low, low + 40)
    out = []
    for mbps in sorted(speeds):
        cents = reais * 100 + rng.choice((90, 99, 50, 80))
        while any(values.related(values.plan_price(cents), t) for t in taken):
            cents += 100  # "59,90" and "159,90" in one sheet would make "59,90" a weak expectation
        taken.append(values.plan_price(cents))
        out.append((mbps, cents))
        reais = cents // 100 + rng.randint(5, 30)
    return tuple(out)


def _plan_offers(
    rng: random.Random, groups: int, taken: list[str]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    fiber = rng.sample(values.FIBER_SPEEDS, rng.randint(3, 7))
    if 1000 in fiber and rng.random() < 0.3:
        fiber.append(2000)
    out = [_offers(rng, fiber, 39, taken)]
    if groups == 2:
        out.append(_offers(rng, rng.sample(values.RADIO_SPEEDS, rng.randint(2, 4)), 29, taken))
    return tuple(out)


def _unrelated(candidate: str, others: list[str]) -> bool:
    return all(candidate not in o and o not in candidate for o in others)


def _credentials(
    rng: random.Random, name: str, variants: Mapping[str, str]
) -> tuple[tuple[Credential, ...], Credential | None]:
    brand_column = variants["credentials"] == "brand_columns"
    models = routers.pick_models(rng, rng.randint(3, 10), with_brand=brand_column)
    # A pipe table writes a password's "|" as Markdown escapes it ("\|"); the truth keeps "|".
    allow_pipe = True
    abbreviation = values.name_abbreviation(name)
    rows: list[Credential] = []
    passwords: list[str] = []
    for model in models:
        login = routers.login(rng)
        if passwords and rng.random() < 0.15:
            password = rng.choice(passwords)  # several models share one password
        else:
            for _ in range(100):
                password = routers.password(rng, abbreviation, model.code, allow_pipe=allow_pipe)
                if _unrelated(password, passwords) and _unrelated(
                    password, [r.model for r in rows]
                ):
                    break
            else:
                raise RuntimeError(f"no distinct password found for {model.written!r}")
            passwords.append(password)
        rows.append(Credential(model.written, model.brand, login, password))
    if variants["brand_row"] == "generic":
        # A catch-all row named by a brand, for that brand's models not listed by name.
        brand = routers.BRAND_BY_NAME[rng.choice(models).brand]
        rows.append(
            Credential(brand.name.upper(), brand.name, routers.login(rng), rng.choice(passwords))
        )
    sentence = None
    if variants["credential_sentence"] != "none":
        last = rows.pop(len(models) - 1)
        sentence = Credential(last.model, last.brand, None, last.password)
    return tuple(rows), sentence


def _days(rng: random.Random) -> tuple[int, int, int]:
    """Partial block, total block and trust-release limit; "5" and "35" never in one sheet."""
    while True:
        partial = rng.randint(3, 30)
        total = partial + rng.randint(2, 30)
        trust = rng.randint(max(partial + 1, 10), total + 30)
        days = [str(partial), str(total), str(trust)]
        if all(a == b or not values.related(a, b) for a in days for b in days):
            return partial, total, trust


def _unanswered(rng: random.Random, variants: Mapping[str, str]) -> tuple[str, ...]:
    keys = []
    for key in OPTIONAL_QUESTIONS:
        if key == "port":
            blank = variants["port"] == "unanswered"
        else:
            blank = rng.random() < (0.8 if key == "dns" else 0.15)
        if blank:
            keys.append(key)
    return tuple(keys)


def draw_content(rng: random.Random, variants: Mapping[str, str]) -> Content:
    """Every value of one sheet, drawn from rng in a fixed order."""
    name = values.provider_name(rng)
    name_slug = values.slug(name)
    where = values.place(rng)
    host = values.domain(rng, name_slug)
    tech_words, labels = _technologies(rng, variants["technologies"])
    taken: list[str] = []
    offers = _plan_offers(rng, len(labels), taken)
    table_rows, sentence_row = _credentials(rng, name, variants)
    installation = values.fee_cents(rng, 50, 300, taken)
    visit = values.fee_cents(rng, 30, 150, taken)
    reset_os = values.fee_cents(rng, 20, 80, taken) if rng.random() < 0.4 else None
    reset = values.fee_cents(rng, 20, 80, taken) if rng.random() < 0.3 else None
    service_keys = ["point_change", "address_change", "new_point"]
    service_keys += [k for k in ("router_setup", "extra_cable") if rng.random() < 0.4]
    services = tuple((k, values.fee_cents(rng, 10, 200, taken)) for k in service_keys)
    reconnection = values.fee_cents(rng, 10, 60, taken)
    partial, total, trust = _days(rng)
    contacts = {
        "phone": values.phone(rng, where.ddd, mobile=False),
        "whatsapp": values.phone(rng, where.ddd, mobile=True),
        "email": values.email(rng, host),
        "site": values.site_url(rng, host),
        "address": values.address(rng, where),
        "system_url": values.system_url(rng, name_slug),
        "subscriber_portal": values.portal_url(rng, name_slug, host),
        "speedtest_site": values.speedtest_url(rng, host),
    }
    for _ in range(20):
        # A site inside the portal's URL would let the portal pass for the site.
        if not values.related(contacts["site"], contacts["subscriber_portal"]):
            break
        contacts["subscriber_portal"] = values.portal_url(rng, name_slug, host)
    if rng.random() < 0.25:
        del contacts["email"]
    text, allowed, keyword = rng.choice(POLICIES)
    call_centre = "24/7" if rng.random() < 0.3 else values.hours_text(rng)
    return Content(
        name=name,
        slug=name_slug,
        place=where,
        tech_words=tech_words,
        group_labels=labels,
        offers=offers,
        table_rows=table_rows,
        sentence_row=sentence_row,
        port=values.access_port(rng),
        installation=installation,
        visit=visit,
        reset_os=reset_os,
        reset=reset,
        services=services,
        reconnection=reconnection,
        partial=partial,
        total=total,
        trust=trust,
        contacts=contacts,
        login_rule=rng.choice(values.LOGIN_RULES),
        call_centre_hours=call_centre,
        on_call=rng.choice(ON_CALL_TEXTS) if rng.random() < 0.5 else None,
        company_hours=values.hours_text(rng),
        deadline=rng.choice(values.DEADLINES),
        policy=PasswordPolicy(text, allowed, keyword),
        unanswered=_unanswered(rng, variants),
    )
