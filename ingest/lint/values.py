"""Facts stated without their value: a fee with no amount, a label with nothing after it, a
count without its number, a contact key alone."""

from __future__ import annotations

import re

from ingest.analysis import MONEY, fold
from ingest.lint.kinds import Kind
from ingest.lint.report import Report
from ingest.parsing.contact_lines import fits, is_value_shaped, key_type
from ingest.parsing.lines import is_bullet, is_colon_label, is_question, is_verb_start
from ingest.parsing.tables import names_login_then_password
from ingest.records import Unit

# Words that say something is charged, folded ("taxa", "cobrado", "custo", "valor", ...).
_CHARGE = re.compile(r"\b(?:taxas?|cobrad[oa]s?|cobra|cobranca|custos?|custa|valor(?:es)?|preco)\b")
# Words that say it is not charged.
_FREE = re.compile(
    r"\bnao\s+(?:e|sera|eh)?\s*cobrad|\bnao\s+cobra|\bsem\s+(?:custo|cobranca|taxa)|gratuit|isent"
)
# An answer that says yes, a charge exists ("Sim, ...", "possui taxa", "é cobrado").
_AFFIRMS = re.compile(r"^sim\b|\b(?:possui|possuem|tem|existe|ha)\s+(?:uma\s+)?taxa\b|\be\s+cobrad")
# "Label:" and nothing after it.
_BARE_LABEL = re.compile(r"^(?P<label>[^:?]{2,60}):$")
# "Bloqueio Total: dias": a count's unit where its number should be.
_UNIT_ONLY = re.compile(
    r"^(?P<label>[^:?]{2,60}?)\s*(?::|\s[-–]\s)\s*(?:de\s+)?"
    r"(?:dias?|horas?|h|reais|r\$|meses|mes|mbps|megas?)(?:\s+de\s+atraso)?\.?$"
)
_MAX_LABEL_WORDS = 6
_MAX_KEY_WORDS = 3


def missing_values(report: Report) -> None:
    """Every kind of value-missing finding of the sheet."""
    _fees_without_amount(report)
    _bare_labels(report)
    _contact_keys_alone(report)


def _fees_without_amount(report: Report) -> None:
    """A fee fact charged with no amount, or an answer that says "yes, it is charged" with none."""
    with_fee: set[str] = set()
    for fact in report.sheet.facts:
        if fact.kind != "fee":
            continue
        with_fee.add(fact.unit_id)
        if fact.attrs.get("charged") is True and fact.attrs.get("amount") is None:
            said = f"{report.quote(fact.subject)}: {report.quote(fact.value)}"
            message = f"taxa citada sem valor: {said}"
            report.add(fact.lines[0], Kind.VALUE_MISSING, message)
    plan_units = {f.unit_id for f in report.sheet.facts if f.kind == "plan"}
    for unit in report.sheet.units:
        if unit.kind != "qa" or unit.id in with_fee | plan_units or not unit.answer:
            continue
        answer = fold(unit.answer)
        asked = fold(unit.question or "")
        if not (_CHARGE.search(asked) or _CHARGE.search(answer)):
            continue
        if MONEY.search(unit.answer) or _FREE.search(answer) or not _AFFIRMS.search(answer):
            continue
        message = (
            f"taxa citada sem valor: {report.quote(unit.question or '')} -> "
            f"{report.quote(unit.answer)}"
        )
        report.add(report.sheet.answer_lines(unit)[0], Kind.VALUE_MISSING, message)


def _bare_labels(report: Report) -> None:
    """ "Bloqueio Total:" with nothing after it (before the next label, or at the unit's end),
    and "Bloqueio Total: dias" without the number."""
    units = list(report.sheet.units)
    for index, unit in enumerate(units):
        if unit.kind in ("table", "list") or not unit.answer:
            continue
        texts = unit.answer.split("\n")
        lines = report.sheet.answer_lines(unit)
        for k, text in enumerate(texts):
            folded = fold(text).strip()
            if _UNIT_ONLY.match(folded):
                message = f"{report.quote(text)}: falta o número"
                report.add(lines[k], Kind.VALUE_MISSING, message)
                continue
            m = _BARE_LABEL.match(text.strip())
            if m is None or not _is_noun_label(m.group("label")):
                continue
            if names_login_then_password(text):
                continue  # "usuário/senha:" names the values of the lines below it
            if k + 1 < len(texts):
                nxt = texts[k + 1]
                if _is_contact_key(text):
                    if _is_value_of(nxt, text):
                        continue  # "E-mail:" over "x@y.com"
                elif is_bullet(nxt) or not is_colon_label(nxt):
                    continue  # the label heads the lines after it
            elif index + 1 < len(units) and units[index + 1].kind in ("table", "list"):
                continue  # the label heads the table or list that follows
            message = f"{report.quote(m.group('label'))} sem valor: nada depois dos dois-pontos"
            report.add(lines[k], Kind.VALUE_MISSING, message)


def _is_noun_label(label: str) -> bool:
    """A short label naming a value ("Bloqueio Total"), not a sentence that introduces the
    lines after it ("Somente fora do horário comercial", "24/7, mas com ressalvas")."""
    return (
        len(label.split()) <= _MAX_LABEL_WORDS
        and "," not in label
        and not is_question(label)
        and not is_verb_start(label)
    )


def _contact_keys_alone(report: Report) -> None:
    """A contact key with no value: alone as a statement ("E-mail:") with no value after it,
    or read as a heading that heads another contact, another heading or nothing."""
    units = sorted(report.sheet.units, key=lambda u: u.lines)
    headings = [n for n in report.sheet.notes if n.reason == "heading"]
    for k, unit in enumerate(units):
        alone = unit.kind == "statement" and "\n" not in unit.answer
        # "E-mail:" is a bare label (``_bare_labels``); "WhatsApp" alone is a key here.
        if not alone or unit.answer.endswith(":") or not _is_contact_key(unit.answer):
            continue
        if k + 1 < len(units) and _holds_value_of(units[k + 1], unit.answer):
            continue  # "WhatsApp" over "(87) 99632-6789": the value is the next line
        key = report.quote(unit.answer.rstrip(":"))
        report.add(unit.lines[0], Kind.VALUE_MISSING, f"{key} sem valor")
    for k, note in enumerate(headings):
        if not _is_contact_key(note.text):
            continue
        after = [u for u in units if u.lines[0] > note.line]
        nxt_heading = headings[k + 1].line if k + 1 < len(headings) else None
        first = after[0] if after else None
        headed = first is not None and (nxt_heading is None or first.lines[0] < nxt_heading)
        if headed and first is not None and not _heads_other_contact(first, note.text):
            continue
        report.add(note.line, Kind.VALUE_MISSING, f"{report.quote(note.text)} sem valor")


def _holds_value_of(unit: Unit, key: str) -> bool:
    """The unit opens with a value of the key's contact type (a phone, an address, a link)."""
    return bool(unit.answer) and _is_value_of(unit.answer.split("\n")[0], key)


def _is_value_of(text: str, key: str) -> bool:
    """A line that is a value of the key's contact type (a phone, an address, a link)."""
    ctype = key_type(key.strip().rstrip(":"))
    text = text.strip()
    return ctype is not None and bool(text) and (is_value_shaped(text) or fits(ctype, text))


def _is_contact_key(text: str) -> bool:
    """One contact key alone ("TELEFONE", "E-mail:", "Central do Assinante"), not a title
    that names several ("Endereço e e-mail")."""
    key = text.strip().rstrip(":").strip()
    words = fold(key).split()
    if not words or len(words) > _MAX_KEY_WORDS or {"e", "/", "&"} & set(words) or "," in key:
        return False
    return key_type(key) is not None


def _heads_other_contact(unit: Unit, heading: str) -> bool:
    """The unit under a contact-key heading opens with a contact of another kind."""
    if unit.kind != "keyvalue":
        return False
    key = unit.answer.split("\n")[0].partition(": ")[0]
    found = key_type(key)
    return found is not None and found != key_type(heading)
