"""Contact facts: the lines of a key-value block whose key or value names a contact (or whose
heading does: "WhatsApp" over "Financeiro: (38) ..."), the web address a label names ("Central
do Assinante" over a sentence with its link), and the speed-test site a question about
measuring speed answers."""

from __future__ import annotations

import re
from collections.abc import Hashable

from ingest.analysis import fold
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.facts.kinds.hours import HOUR
from ingest.parsing.contact_lines import (
    contact_pairs,
    contact_type,
    dashed_contacts,
    fits,
    is_street_address,
    is_value_shaped,
    key_type,
    key_type_of,
    said_contacts,
    typed_values,
    url_in,
    without_note,
)
from ingest.parsing.lines import short_label
from ingest.records import AttrValue, Fact

_WEB = ("site", "system_url", "subscriber_portal")
_DIRECT = ("phone", "whatsapp", "email", "address")
_MAX_LABEL_WORDS = 6


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    _speedtest_lines(out, ctx)
    if _several_per_line(out, ctx) or _said_in_sentences(out, ctx):
        return
    if unit.kind in ("list", "statement"):
        _street_lines(out, ctx)
    if unit.kind == "keyvalue":
        channel = _heading_type(ctx)
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            key, _, value = text.partition(": ")
            # "0800 591 2240 (so suporte)": typed by the number before its bracket, which
            # stays with it (it names whom the number is for); a note after a link ("... login
            # = CPF") is the contact's caveat.
            shaped, note = without_note(value.strip())
            value = value.strip() if note.startswith("(") else shaped
            note = "" if note.startswith("(") else note
            if HOUR.search(text) and not is_value_shaped(shaped):
                continue  # an hours line (ingest.facts.kinds.hours)
            ctype = contact_type(key, shaped)
            if key_type(key) is None and channel is not None and fits(channel, value):
                ctype, key = channel, f"{unit.section} {key}"
            if ctype is None:
                continue
            rule = _login_rule(ctx) if ctype == "subscriber_portal" else None
            if ctype == "subscriber_portal" and rule is None and _tells_login(note):
                rule = note  # "https://central.x.com.br login = CPF, senha = ..." in its cell
            attrs: dict[str, AttrValue] = {"contact_type": ctype, "login_rule": rule}
            out.add(unit, "contact", key, value, span, attrs, (note,) if note else ())
        return
    if unit.kind != "qa" or not unit.question or not ctx.texts:
        return
    url = url_in(ctx.answer)
    if "velocidade" in fold(unit.question) and url:
        attrs = {"contact_type": "speedtest_site", "login_rule": None}
        out.add(unit, "contact", short_label(unit.question), url, ctx.spans[0], attrs)
        return
    label = short_label(unit.question)
    said = ctx.texts[0].split(" — ")[0].strip()  # a spreadsheet row's answer before its note
    ctype = key_type_of(label, said)
    short = len(label.split()) <= _MAX_LABEL_WORDS
    if (
        ctype in _DIRECT
        and short
        and fits(ctype, said)
        and (is_value_shaped(said) or ctype == "address")
    ):
        # "WhatsApp" over "(35) 99862-4017": the label names the contact its answer gives.
        attrs = {"contact_type": ctype, "login_rule": None}
        out.add(unit, "contact", label, said, ctx.spans[0], attrs)
        return
    if ctype in _DIRECT and short and len(ctx.texts) == 1:
        # "WhatsApp" over "suporte (37) 99944-2010 / financeiro (37) 99812-4477": each value
        # of the label's type, named by the words before it.
        for key, value in typed_values(ctx.texts[0], ctype):
            attrs = {"contact_type": ctype, "login_rule": None}
            out.add(unit, "contact", f"{label} {key}".strip(), value, ctx.spans[0], attrs)
    if url and ctype in _WEB and short:
        # "Central do Assinante" over "A Central fica em https://... e o login é o CPF".
        rule = ctx.answer if ctype == "subscriber_portal" and _tells_login(ctx.answer) else None
        attrs = {"contact_type": ctype, "login_rule": rule}
        out.add(unit, "contact", label, url, ctx.spans[0], attrs)


# Words that put a link in the context of measuring the speed ("pedir teste no site X").
_SPEEDTEST_WORDS = re.compile(
    r"\b(?:velocidade|speedtest|medir|medicao|lentidao|teste\s+no\s+site)\b"
)


def _speedtest_lines(out: FactSink, ctx: UnitContext) -> None:
    """A link said to measure the speed, on any line of a unit that is not a question about
    it ("9.1.6 MEDIR VELOCIDADE - SITE PADRAO = HTTPS://WWW.NPERF.COM/PT/", "Lentidão: pedir
    teste no site https://..."; a question on the speed test is read below)."""
    asked = fold(ctx.unit.question or "")
    if "velocidade" in asked:
        return
    previous = ""
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        url = url_in(text)
        # The line, or the one above it ("Passo a passo – lentidão: pedir teste no cabo" over
        # "Site padrão: https://..."), says what the link is for.
        said = f"{fold(previous)} {fold(text)} {asked}"
        previous = text
        if url is None or not _SPEEDTEST_WORDS.search(said):
            continue
        if key_type(text.split(":", 1)[0]) in ("system_url", "subscriber_portal"):
            continue
        attrs: dict[str, AttrValue] = {"contact_type": "speedtest_site", "login_rule": None}
        out.add(ctx.unit, "contact", "site de teste de velocidade", url, span, attrs)


def _several_per_line(out: FactSink, ctx: UnitContext) -> bool:
    """Contacts written several to a line ("Fone: X, Zap: Y, Email: Z"); False when no line
    of the unit is one."""
    found = False
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        for key, value in contact_pairs(text) or dashed_contacts(text):
            ctype = contact_type(key, value)
            if ctype is not None:
                attrs: dict[str, AttrValue] = {"contact_type": ctype, "login_rule": None}
                out.add(ctx.unit, "contact", key, value, span, attrs)
                found = True
    return found


def _street_lines(out: FactSink, ctx: UnitContext) -> None:
    """ "Loja / escritório: Av. Maranhão, 1377 – Centro" among a list's lines: an address under
    a short key of any words."""
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        key, colon, value = text.partition(": ")
        if colon and len(key.split()) <= _MAX_LABEL_WORDS and is_street_address(value):
            attrs: dict[str, AttrValue] = {"contact_type": "address", "login_rule": None}
            out.add(ctx.unit, "contact", key.strip(), value.strip(), span, attrs)


# A sentence long enough to tell contacts in prose, not a "KEY: value" line.
_PROSE_WORDS = 10


def _said_in_sentences(out: FactSink, ctx: UnitContext) -> bool:
    """Contacts a paragraph tells in its sentences ("Telefone fixo (81) 3722-4410, WhatsApp
    (81) 99634-2217, e-mail do suporte ..."), or a list's items ("whats (83) 99615-2048", a
    chat's reply); False when no long line of the unit tells one, nor an item."""
    if ctx.unit.kind not in ("qa", "statement", "list"):
        return False
    found = False
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        if len(text.split()) < _PROSE_WORDS and ctx.unit.kind != "list":
            continue
        for key, value, ctype in said_contacts(text):
            rule = text if ctype == "subscriber_portal" and _tells_login(text) else None
            attrs: dict[str, AttrValue] = {"contact_type": ctype, "login_rule": rule}
            out.add(ctx.unit, "contact", key, value, span, attrs)
            found = True
    return found


def _heading_type(ctx: UnitContext) -> str | None:
    """The contact type the unit's section heading names, when the unit is the first under it
    ("WhatsApp" over "Suporte: ..." and "Financeiro: ...")."""
    before = ctx.neighbour(-1)
    if before is not None and before.section == ctx.unit.section:
        return None
    return key_type(ctx.unit.section)


def _is_short_label(question: str | None) -> bool:
    text = (question or "").strip()
    return bool(text) and not text.endswith("?") and len(text.split()) <= 3


def _tells_login(text: str) -> bool:
    folded = fold(text)
    return "login" in folded and "senha" in folded


def _login_rule(ctx: UnitContext) -> str | None:
    """The sentence on how to log in to the subscriber portal: the next statement about it."""
    keyed: list[str] = []
    for offset in (1, 2):
        unit = ctx.neighbour(offset)
        if unit is None:
            break
        folded = fold(unit.answer)
        # ... or a short label's answer ("Acesso" over "login: CPF" and "senha: ...").
        label = unit.kind == "qa" and _is_short_label(unit.question)
        if (
            (unit.kind in ("statement", "list") or label)
            and "login" in folded
            and "senha" in folded
        ):
            return unit.answer.replace("\n", " ")
        asked = fold(unit.question or "")
        if unit.kind == "qa" and unit.answer and re.search(r"\b(?:login|usuario|senha)\b", asked):
            keyed.append(f"{unit.question}: {unit.answer}".replace("\n", " "))
    # "central login: cpf do titular" over "central senha: data de nascimento": one rule.
    return "; ".join(keyed) if _tells_login(" ".join(keyed)) else None


def identity(fact: Fact) -> Hashable:
    """A contact is the same when its type and its key are."""
    return ("contact", fact.attrs.get("contact_type"), fold(fact.subject).strip())


def changes(old: Fact, new: Fact) -> list[str]:
    """The value, the portal's login rule and the caveats of a contact."""
    name = f"contact {new.subject}"
    lines = [f"{name}: {old.value} -> {new.value}"] if old.value != new.value else []
    if old.attrs.get("login_rule") != new.attrs.get("login_rule"):
        lines.append(f"{name}: login rule changed")
    if tuple(old.caveats) != tuple(new.caveats):
        lines.append(f"{name}: caveats changed")
    return lines


KIND = FactKind(
    name="contact", label="contact", extract=extract, identity=identity, changes=changes
)
