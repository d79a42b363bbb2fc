"""Writers of the plans answer: price/speed lines, inline lists, bullets and tables."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from ..agent_text import speed_words
from ..truth import Plan
from ..values import plan_price, speed_text
from .common import Style, cells_per_line, items, pipe_table, tab_rows

PLAN_LAYOUTS = (
    "price_dash_speed", "speed_dash_price", "inline", "bullets", "table_cells", "table_tabs",
    "table_pipes", "prose", "dictated",
)  # fmt: skip
# Layouts whose price follows the speed on its own: where a said price ("89 e 90") is read.
_SAID_PRICE_LAYOUTS = ("speed_dash_price", "bullets", "table_cells", "table_tabs", "table_pipes")
TABLE_HEADERS = (("PLANO", "VALOR"), ("VELOCIDADE", "PREÇO"), ("Plano", "Valor mensal"))
# Words a plan may be named by, before its speed ("Plano Turbo 300MB", "EMPRESARIAL 600 MEGA"),
# and qualifiers after it ("1 GIGA (com Mesh)", "600 MEGA + IP FIXO").
PLAN_NAMES = ("Turbo", "Gamer", "Empresarial", "Ultra", "Premium", "Essencial")
PLAN_QUALIFIERS = ("(com Mesh)", "+ IP FIXO", "(roteador Wi-Fi 6 incluso)", "+ TV")


def write_plan_group(
    technology: str | None,
    offers: Sequence[tuple[int, int]],
    layout: str,
    rng: random.Random,
    style: Style,
) -> tuple[list[str], list[Plan]]:
    """Lines and truth of one technology's plans; offers are (speed in Mb/s, price in cents).

    technology is the group label as written ("FIBRA", "Rádio"), None for an unlabelled list.
    """
    if layout not in PLAN_LAYOUTS:
        raise ValueError(f"plans layout must be one of {PLAN_LAYOUTS}, got {layout!r}")
    speed_style = rng.choice(("{n}MB", "{n} MB", "{n} MEGA", "{n} Mega", "{n}M", "{n} Mbps"))
    giga_style = rng.choice(("{g} GIGA", "{g} Giga", "{n} Mbps", "{n}MB"))
    with_sign = (layout != "price_dash_speed" and rng.random() < 0.7) or rng.random() < 0.15
    sign = rng.choice(("R$ ", "R$")) if with_sign else ""
    plans = [
        Plan(
            technology=technology,
            speed=speed_words(mbps, rng)
            if layout == "dictated"
            else speed_text(mbps, speed_style, giga_style),
            speed_mbps=float(mbps),
            price=sign + plan_price(cents),
            price_value=cents / 100,
        )
        for mbps, cents in offers
    ]
    if style.prices == "said" and not sign and layout in _SAID_PRICE_LAYOUTS:
        # "200 MEGA ...... 89 e 90": the reais and the cents said apart, as typed from a call.
        plans = [
            replace(p, price=f"{cents // 100} e {cents % 100:02d}") if cents % 100 else p
            for p, (_, cents) in zip(plans, offers, strict=True)
        ]
    if rng.random() < 0.35:
        plans = _named(plans, rng)
    dash = rng.choice((" - ", " – "))
    # Between a speed and its price authors also write "=", "por" or dot leaders.
    joint = rng.choice((dash, dash, " = ", " por ", " ..... ", "="))
    lines: list[str] = []
    if layout == "prose":
        # As an e-mail says them: "o de 100 MEGA sai R$ 74,90, o de 300 MEGA fica R$ 94,90".
        title = f"Planos de {technology}" if technology else "Tabela atual"
        verbs = [rng.choice(("sai", "fica", "custa", "é", "sai por")) for _ in plans]
        said = [f"o de {p.speed} {verb} {p.price}" for p, verb in zip(plans, verbs, strict=True)]
        lines.append(f"{title}: " + ", ".join(said) + rng.choice((" por mês.", ".", "")))
        return lines, [replace(p, name=None, called=None) for p in plans]
    if layout == "dictated":
        return _dictated(technology, plans, offers, sign, rng), [
            replace(p, name=None, called=None) for p in plans
        ]
    if layout == "inline":
        title = f"PLANOS {technology}" if technology else "Planos"
        sep = rng.choice((" , ", ", ", "; "))
        lines.append(f"{title}: " + sep.join(f"{_shown(p)}{joint}{p.price}" for p in plans))
        return lines, plans
    if technology is not None:
        lines.append(_group_title(technology, rng, style))
        if style.blank_lines == "between_items":
            lines.append("")
    if layout == "price_dash_speed":
        lines += items([f"{p.price}{dash}{_shown(p)}" for p in plans], style)
    elif layout == "speed_dash_price":
        lines += items([f"{_shown(p)}{joint}{p.price}" for p in plans], style)
    elif layout == "bullets":
        bullet = rng.choice(("- ", "• ", "* ", "-> ", "→ "))
        lines += items([f"{bullet}{_shown(p)}: {p.price}" for p in plans], style)
    else:
        header = rng.choice(TABLE_HEADERS)
        body = [(_shown(p), p.price) for p in plans]
        if layout == "table_cells":
            lines += cells_per_line(header, body)
        elif layout == "table_tabs":
            lines += tab_rows(header, body)
        else:
            lines += pipe_table(header, body, rng)
    return lines, plans


def _dictated(
    technology: str | None,
    plans: list[Plan],
    offers: Sequence[tuple[int, int]],
    sign: str,
    rng: random.Random,
) -> list[str]:
    """As a supervisor dictates them, in one sentence: "Na fibra o de trezentos mega sai a
    99,90, o de quinhentos mega 119,90, aliás, corrigindo, 124,90 e o de um giga 199,90". The
    speeds are said in words; the truth's speed is the words said."""
    opening = f"Na {technology}" if technology else rng.choice(("Hoje", "Então"))
    corrected = rng.randrange(len(plans)) if rng.random() < 0.5 else None
    said = []
    for i, (plan, (_, cents)) in enumerate(zip(plans, offers, strict=True)):
        joint = rng.choice((" sai a ", " a ", " ", ", que sai por ", " custa ", " fica "))
        price = plan.price
        if i == corrected:
            price = f"{sign}{plan_price(cents - 1000)}, aliás, corrigindo, {plan.price}"
        said.append(f"o de {plan.speed}{joint}{price}")
    body = ", ".join(said[:-1]) + f" e {said[-1]}" if len(said) > 1 else said[0]
    return [f"{opening} {body}."]


def _shown(plan: Plan) -> str:
    return plan.name or plan.speed


def _named(plans: list[Plan], rng: random.Random) -> list[Plan]:
    """One or two plans of the group with words of their own, before or after the speed."""
    out = list(plans)
    picks = rng.sample(range(len(out)), min(len(out), rng.choice((1, 1, 2))))
    words = rng.sample(PLAN_NAMES, len(picks))
    for k, word in zip(picks, words, strict=True):
        plan = out[k]
        if rng.random() < 0.7:
            written = rng.choice((f"Plano {word}", word.upper(), word))
            out[k] = replace(plan, name=f"{written} {plan.speed}", called=word.lower())
        else:
            out[k] = replace(plan, name=f"{plan.speed} {rng.choice(PLAN_QUALIFIERS)}")
    return out


def _group_title(technology: str, rng: random.Random, style: Style) -> str:
    if style.fmt == "md" and rng.random() < 0.5:
        return f"### {technology}"
    return rng.choice((f"{technology}:", f"PLANOS {technology}:", f"{technology}"))
