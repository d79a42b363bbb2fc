"""Plan facts: a speed and a price joined ("49,90 - 50MB", "400 MEGA - R$ 84,90"), a line of
a list, or a row of a table with a price column; the technology from the label above. A plan
written with words of its own ("EMPRESARIAL 600 MEGA + IP FIXO", "1 GIGA (com Mesh)") keeps them
as its ``name``, so a question may name the plan by them ("valor do plano empresarial")."""

from __future__ import annotations

import re
from collections.abc import Hashable

from ingest.analysis import STOPWORDS, clean, fold, number_words, parse_money, parse_speed_mbps
from ingest.corrections import corrected
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext
from ingest.parsing.lines import (
    PLAN_NAME_WORDS,
    PLAN_PRICE,
    PLAN_QUALIFIER,
    PLAN_SEP,
    PRICE,
    SPEED,
    SPEED_UNIT,
    is_caps_shape,
)
from ingest.parsing.tables import column_roles, kind_roles
from ingest.records import AttrValue, Fact, Unit

# A speed said in words, as a sheet dictated or written as prose says it ("trezentos mega",
# "vinte e cinco mega", "um giga", "meio giga").
_NUMBER = "|".join(sorted({*number_words(), "três", "mil"}, key=len, reverse=True))
_SAID_SPEED = (
    rf"\b(?:(?:{_NUMBER})(?:\s+e\s+(?:{_NUMBER}))*|meio|meia)\s+(?:megas?|gigas?)\b"
    r"(?:\s+e\s+meio\b)?"
)
_PLAN_SPEED = rf"(?:{SPEED}|{_SAID_SPEED})"
# In a sentence a price may follow its speed after a verb or a plain space ("80 Mega, que sai
# por R$ 64,90", "300 Mega a R$ 89,90", "o de quinhentos mega 119,90").
_PROSE_SEP = (
    r"(?:,?\s+(?:que\s+)?(?:sai|fica|custa|é|vai)(?:\s+(?:por|a|de))?\s+|\s+de\s+(?=R\$)"
    r"|\s+a\s+(?=R\$|\d+,\d{2}(?!\d))"
    r"|\s+(?=R\$|\d+,\d{2}(?!\d)))"
)
# "c/ IP fixo", "com IP fixo" between a plan's speed and its price: what the plan includes.
_WITH = r"(?:\s+(?:c/|com)\s*[^\d\n–—:()+-]{1,25}?)?"
PLAN = re.compile(
    rf"(?P<s1>{_PLAN_SPEED}){PLAN_QUALIFIER}{_WITH}(?:{PLAN_SEP}|{_PROSE_SEP})"
    rf"(?P<p1>{PLAN_PRICE})"
    rf"|(?P<p2>{PRICE}){PLAN_SEP}{PLAN_NAME_WORDS}(?P<s2>{SPEED})",
    re.IGNORECASE,
)
_PRICE = re.compile(PRICE, re.IGNORECASE)
_PLAN_PRICE_AT = re.compile(PLAN_PRICE, re.IGNORECASE)
# "300MB de R$ 114,90 por R$ 94,90 até 31/01": the price was the first and is the second.
_NOW_FOR = re.compile(rf"\s+por\s+(?:apenas\s+|s[oó]\s+)?(?P<now>{PRICE})", re.IGNORECASE)
_SPEED = re.compile(rf"(?<![\w,./]){_PLAN_SPEED}", re.IGNORECASE)
# "500/250 Mbps": download over upload, one unit for both.
_DOWN_UP = re.compile(
    rf"(?<![\w,.])(?P<down>\d+(?:[.,]\d+)?)\s*/\s*\d+(?:[.,]\d+)?\s*(?P<unit>{SPEED_UNIT})",
    re.IGNORECASE,
)


def _speed_in(cell: str) -> tuple[str, float | None] | None:
    """The speed a cell gives as written, with its download in Mbps ("500/250 Mbps": 500)."""
    if (pair := _DOWN_UP.search(cell)) is not None:
        return pair.group(0).strip(), parse_speed_mbps(f"{pair['down']} {pair['unit']}")
    if (speed := _SPEED.search(cell)) is not None:
        return speed.group(0).strip(), parse_speed_mbps(speed.group(0))
    return None


_TECH_NOISE = {"planos", "plano", "de", "da", "do", "internet", "tecnologia"}
# Words every plan may be written with: they do not name one plan.
_NAME_NOISE = _TECH_NOISE | {
    "mega", "megas", "mb", "mbps", "giga", "gigas", "gb", "gbps", "r", "mes", "mensal", "mensais",
}  # fmt: skip


# Access technologies by their general names: a caption or heading over plans that names one
# says which technology they are ("### Rádio", "PLANOS Fibra:" over a table).
TECHNOLOGIES = frozenset(
    {"fibra", "radio", "cabo", "satelite", "ftth", "fttx", "wireless", "dsl", "adsl", "vdsl",
     "lte", "4g", "5g", "coaxial", "otica", "optica"}
)  # fmt: skip


def extract(out: FactSink, ctx: UnitContext) -> None:
    caption = context_caption(ctx)
    if ctx.unit.kind == "table":
        _table_plans(out, ctx.unit, ctx.texts, ctx.spans, caption)
    elif (asked := _plan_asked(ctx)) is not None:
        # "Plano fibra 300 Mega" over "R$ 84,90/mês": the label names the plan, the answer its
        # price (a spreadsheet's row, a "label: value" line).
        _plans(out, ctx.unit, [f"{asked} - {ctx.texts[0]}"], ctx.spans[:1], caption or asked)
    else:
        _plans(out, ctx.unit, ctx.texts, ctx.spans, caption)


def _plan_asked(ctx: UnitContext) -> str | None:
    """The question of a qa unit that is a plan's label (a speed, no "?") answered by a price."""
    question, texts = (ctx.unit.question or "").strip(), ctx.texts
    if ctx.unit.kind != "qa" or not texts or question.endswith("?") or PLAN.search(texts[0]):
        return None
    if not _SPEED.search(question) or not re.match(rf"\s*{PRICE}", texts[0], re.IGNORECASE):
        return None
    return question


def context_caption(ctx: UnitContext) -> str | None:
    """The caption just above the unit, or its heading, that names a technology."""
    previous = ctx.neighbour(-1)
    captions = [ctx.unit.question or ""]
    if previous is not None and previous.section == ctx.unit.section:
        lines = previous.answer.split("\n") if previous.answer else []
        last = lines[-1] if lines else previous.question or ""
        # A caption: a label line, or the plans question's own one-line answer ("Fibra").
        plans_asked = "plano" in fold(previous.question or "")
        if last.endswith(":") or is_caps_shape(last) or previous.kind == "statement" or plans_asked:
            captions.append(last)
    captions.append(ctx.unit.section)
    for caption in captions:
        if tech_label(caption) in TECHNOLOGIES:
            return clean(caption)
    return None


def _plans(
    out: FactSink, unit: Unit, texts: list[str], spans: list[Span], caption: str | None = None
) -> None:
    technology = tech_label(caption) if caption is not None else None
    for text, span in zip(texts, spans, strict=True):
        label = tech_label(text)
        if label is not None:
            technology, caption = label, clean(text.split(":", 1)[0])  # "PLANOS Fibra: ..."
        found = list(PLAN.finditer(text))
        for k, m in enumerate(found):
            speed = (m.group("s1") or m.group("s2")).strip()
            price = (m.group("p1") or m.group("p2")).strip()
            end = m.end()
            was = None
            if m.group("p1"):
                # "o de quinhentos mega 119,90, aliás, corrigindo, 124,90": the corrected price.
                right = corrected(text, _PLAN_PRICE_AT.match(text, m.start("p1")) or m, _PRICE)
                price, end = right.group(0), max(end, right.end())
                now = _NOW_FOR.match(text, end)
                if now is not None and re.search(r"\bde\s*$", text[: m.start("p1")], re.I):
                    was, price, end = price, now.group("now"), now.end()
            item = _item_of(text, m)
            prose = _in_prose(item, m)
            said = _said_technology(text[: m.start()]) if prose else None
            attrs: dict[str, AttrValue] = {
                "technology": said or technology,
                "speed_mbps": parse_speed_mbps(speed),
                "price": parse_money(price),
                "name": None if prose else plan_name(item, technology, shared=len(found) > 1),
                # The words over the plans ("2.3 Rádio (zona rural)") describe them too.
                "caption": caption,
            }
            if prose:
                following = found[k + 1].start() if k + 1 < len(found) else None
                attrs["note"] = _said_after(text[end:following], following is not None)
            if was is not None:
                # The price it was, with what the sheet says of the offer ("até 31/01").
                attrs["note"] = clean(f"de {was} por {price} {text[end:]}")
                attrs["name"] = None
            out.add(unit, "plan", speed, price, span, attrs)


def _item_of(text: str, match: re.Match[str]) -> str:
    """The plan item a match is in: its line, or its comma-separated piece of an inline list."""
    start = 0
    for cut in _ITEM_BREAK.finditer(text):
        if match.start() <= cut.start() < match.end():
            continue  # "50 Mega: 57 e 80": the price's own "e"
        if start <= match.start() < cut.start() + 1:
            return text[start : cut.start()]
        start = cut.end()
    return text[start:]


_ITEM_BREAK = re.compile(r"\s*;\s*|\s*,\s+|\s+e\s+(?=\d)")


def _in_prose(item: str, match: re.Match[str]) -> bool:
    """A plan said in a sentence ("o mais vendido hoje é o 300 Mega a R$ 89,90"): the words
    around it are the sentence's, not the plan's name."""
    start = item.find(match.group(0))
    outside = item[:start] + " " + item[start + len(match.group(0)) :] if start >= 0 else item
    outside = re.sub(r"\([^()]*(?:\)|$)", " ", outside)  # a note in brackets is the plan's own
    return sum(w in STOPWORDS for w in re.findall(r"[a-z]+", fold(outside))) >= 2


def _said_after(rest: str, more: bool) -> str | None:
    """What a sentence says of a plan right after its price ("..., e esse de um giga já vai
    com o mesh em comodato"), up to the sentence's end; None when it says nothing of its own
    ("por mês") or only leads to the next plan (``more``: "e o mais vendido hoje é o")."""
    pieces = re.split(r"\.\s|\.$", rest, maxsplit=1)
    said = pieces[0]
    if more and len(pieces) == 1:
        said = said.rpartition(",")[0]  # the words before the next plan are that plan's
    said = re.sub(r"^\s*(?:por\s+m[eê]s|mensais|/m[eê]s)\b", "", said.strip(), flags=re.I)
    said = said.strip(" ,;:-–—")
    content = [w for w in re.findall(r"[a-z0-9]+", fold(said)) if w not in STOPWORDS]
    return said if len(content) >= 2 else None


def _said_technology(before: str) -> str | None:
    """The technology a sentence names before its plans ("Na fibra o de trezentos mega ...,
    no rádio o de quinze mega ..."): the last one named."""
    named = [w for w in re.findall(r"[a-z0-9]+", fold(before)) if w in TECHNOLOGIES]
    return named[-1] if named else None


def plan_name(text: str, technology: str | None, *, shared: bool = False) -> str | None:
    """A plan's own words ("EMPRESARIAL 600 MEGA + IP FIXO"), or None when it is written with
    only its speed, price, technology and the words of any plan ("Fibra 100 MEGA – R$ 79,90").
    The name is the item without its price."""
    label = _PLAN_PRICE_AT.sub(" ", text)
    # Not the sentence after the item ("15 MEGA por R$ 84,90. Não tem plano maior"), nor the
    # caption of a list of plans on one line ("PLANOS FIBRA: 80MB - 72,99; 150MB - 95,99");
    # a one-plan line keeps it ("RADIO (zona rural): 20MB - 69,90": its words name the plan).
    label = re.split(r"\s+\.(?:\s|$)|\.\s+(?=[A-ZÀ-Ý])", label)[0]
    head, colon, tail = label.rpartition(":")
    if shared and colon and _SPEED.search(tail) and not _SPEED.search(head):
        label = tail
    label = " ".join(label.split()).strip(" -–—:=|•*·.…")
    label = re.sub(r"\s+por$", "", label, flags=re.IGNORECASE)  # "Plano Turbo 700MB por"
    rest = _SPEED.sub(" ", label)
    words = [w for w in re.findall(r"[a-z]{2,}", fold(rest)) if w not in _NAME_NOISE]
    words = [w for w in words if w != technology and w not in TECHNOLOGIES]
    return label if words else None


# "2.3 ", "2. ", "2) " before a heading's words (a bare "6 " is a speed's number).
_SECTION_NUMBER = re.compile(r"^\W*\d{1,2}(?:(?:\.\d{1,2})+\.?|[.)])\s+")


def tech_label(text: str) -> str | None:
    """The technology a label names ("FIBRA:", "PLANOS RÁDIO: ...", "Fibra óptica")."""
    head = text.split(":", 1)[0] if ":" in text else text
    head = _SECTION_NUMBER.sub("", head)  # "2.3 Rádio (zona rural)": the heading's number
    if PLAN.search(head) or any(c.isdigit() for c in head) or len(head.split()) > 4:
        return None
    words = [w for w in re.findall(r"[a-z]+", fold(head)) if w not in _TECH_NOISE]
    return words[0] if words else None


def _table_plans(
    out: FactSink, unit: Unit, texts: list[str], spans: list[Span], caption: str | None
) -> None:
    """Plans of a table with a price column: the speed from its column (or any cell)."""
    header = texts[0].split(" | ") if texts else []
    roles = column_roles(header)
    if "price" not in roles and "speed" in roles:
        # "Plano | Velocidade | Até o vencimento | Após o vencimento": no header names the
        # price, the first column of amounts in every row holds it.
        rows = [t.split(" | ") for t in texts[1:]]
        priced = [
            i
            for i in range(len(header))
            if i not in roles.values()
            and rows
            and all(len(r) == len(header) and _PLAN_PRICE_AT.fullmatch(r[i].strip()) for r in rows)
        ]
        if priced:
            roles = {**roles, "price": priced[0]}
    if "price" not in roles:
        _plans(out, unit, texts, spans, caption)
        return
    if "service" in roles and "speed" not in roles:
        return  # "Serviço | Valor | Obs": services and their fees ("até 15m de cabo" no speed)
    context = tech_label(caption) if caption is not None else None
    tech_col = roles.get("technology")
    if "plan" not in roles:
        # "nome | velocidade | preco" (a YAML list of plans): the plan's name is its own cell.
        named_col = next((i for i, h in enumerate(header) if fold(h).strip() == "nome"), None)
        roles = roles if named_col is None else {**roles, "plan": named_col}
    note = next((i for i, cell in enumerate(header) if "note" in kind_roles(cell)), None)
    for text, span in zip(texts[1:], spans[1:], strict=True):
        row = text.split(" | ")
        if len(row) != len(header):
            continue
        price = _PLAN_PRICE_AT.search(row[roles["price"]])
        cells = (
            [row[roles["speed"]]]
            if "speed" in roles
            else [c for i, c in enumerate(row) if i != note]
        )
        speed = next((m for c in cells if (m := _speed_in(c))), None)
        if price is None or speed is None:
            continue
        technology = tech_label(row[tech_col]) if tech_col is not None else context
        if technology is None and "plan" in roles:
            technology = _said_technology(row[roles["plan"]])  # "FIBRA 300", "RADIO 15"
        if "plan" in roles and "speed" in roles and roles["plan"] != roles["speed"]:
            named = [row[roles["plan"]]]  # "Plano | Download | Upload | Mensalidade"
            if not named[0].strip():
                named = []  # a plan of the list with no name of its own
        else:
            # Not the notes: "o mais vendido" is said of the plan, it is no part of its name.
            named = [c for i, c in enumerate(row) if i not in (roles["price"], tech_col, note)]
        attrs: dict[str, AttrValue] = {
            "technology": technology,
            "speed_mbps": speed[1],
            "price": parse_money(price.group(0)),
            "name": plan_name(" ".join(named), technology),
            "caption": caption,
            # The row as its header reads it: the upload, a note ("não é mais vendido").
            "row": "; ".join(f"{h}: {c}" for h, c in zip(header, row, strict=True) if c.strip()),
        }
        out.add(unit, "plan", speed[0], price.group(0).strip(), span, attrs)


def identity(fact: Fact) -> Hashable:
    """A plan is the same plan when its technology and speed are."""
    return ("plan", fact.attrs.get("technology"), fact.attrs.get("speed_mbps"))


def describe(fact: Fact) -> str:
    """ "plan fibra 200MB": the technology with the speed, as a person finds it in the sheet."""
    technology = fact.attrs.get("technology")
    return f"plan {technology} {fact.subject}" if technology else f"plan {fact.subject}"


KIND = FactKind(name="plan", label="plan", extract=extract, identity=identity, describe=describe)
