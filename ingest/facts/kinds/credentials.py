"""Credential facts: rows of a table with a password column, and lines that name a password.

A table's columns are told by their header's kind words (``ingest.parsing.tables``), in any order; a
line is read only when a kind word ("senha", "password") names the value and a model stands
before it ("XR-500A: usuário admin / senha x@1", "Roteador X — login: admin — senha: y").
Nothing is guessed: a line that does not say which value is the password gives no fact.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from ingest.analysis import fold, model_key
from ingest.facts.credential_text import (
    Credential,
    read_credential_line,
    read_credential_sentence,
)
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.parsing.lines import is_policy_start
from ingest.parsing.tables import column_roles, is_no_value
from ingest.records import AttrValue, Fact, Unit

Span = tuple[int, int]


def table_credentials(
    out: FactSink, unit: Unit, texts: list[str], spans: list[Span], caveats: Sequence[str]
) -> None:
    """One credential per row of a table unit whose header names a password column."""
    if not texts:
        return
    header = texts[0].split(" | ")
    roles = column_roles(header)
    if "password" not in roles or "model" not in roles:
        return
    pw_col, model_col, login_col = roles["password"], roles["model"], roles.get("login")
    brand_col, brand = roles.get("brand"), ""
    for text, span in zip(texts[1:], spans[1:], strict=True):
        row = text.split(" | ")
        if len(row) != len(header):
            continue
        if brand_col is not None and not is_no_value(row[brand_col]):
            brand = row[brand_col]  # an empty maker's cell is the row above's (merged)
        if is_no_value(row[pw_col]) or is_no_value(row[model_col]):
            continue
        login = row[login_col] if login_col is not None else None
        model = _with_brand(brand, row[model_col]) if brand_col is not None else row[model_col]
        _add(out, unit, Credential(model, login, row[pw_col]), span, caveats)


def _with_brand(brand: str, model: str) -> str:
    """ "Huawei" + "EG8145V5" -> "Huawei EG8145V5"; a model cell naming its maker stays."""
    if not brand or fold(model).startswith(fold(brand)):
        return model
    return f"{brand} {model}"


def line_credentials(
    out: FactSink, unit: Unit, texts: list[str], spans: list[Span], caveats: Sequence[str]
) -> None:
    """Credentials written one per line, in prose or key-value form."""
    ends = [t.rstrip()[-1:] for t in texts]
    for k, (text, span) in enumerate(zip(texts, spans, strict=True)):
        # Lines of an enumeration punctuated item by item ("X: senha a;" / "Y: senha b."):
        # the mark that ends each line is the enumeration's, not the password's.
        listed = (ends[k] in (",", ";") and k + 1 < len(ends) and ends[k + 1] in ",;.") or (
            ends[k] == "." and k > 0 and ends[k - 1] in (",", ";")
        )
        found = read_credential_line(text, listed) or read_credential_sentence(text)
        if found is not None:
            _add(out, unit, found, span, caveats)


def _add(out: FactSink, unit: Unit, cred: Credential, span: Span, caveats: Sequence[str]) -> None:
    attrs: dict[str, AttrValue] = {
        "login": None if cred.login is None or is_no_value(cred.login) else cred.login,
        "model_key": model_key(cred.model),
    }
    out.add(unit, "credential", cred.model, cred.password, span, attrs, caveats)


_CREDENTIAL_TOPIC = ("senha", "acesso", "roteador", "equipamento", "login")
# "senha: X", "senha = X", "a senha é X": a line that gives a password.
_STATES_A_PASSWORD = re.compile(r"\b(?:senha|password)\s*(?:[:=]|\be\b)\s*\S")
# A question about telling the password to the customer: its answer is the policy.
_DISCLOSURE_TOPIC = ("informar", "passar", "possivel", "fornecer", "repassar", "dizer")


def extract(out: FactSink, ctx: UnitContext) -> None:
    caveats = credential_caveats(ctx)
    if ctx.unit.kind == "table":
        table_credentials(out, ctx.unit, ctx.texts, ctx.spans, caveats)
    else:
        line_credentials(out, ctx.unit, ctx.texts, ctx.spans, caveats)


def credential_caveats(ctx: UnitContext) -> list[str]:
    """Policy answers of neighbouring units about passwords/access (e.g. "never tell it")."""
    found: list[str] = []
    for offset in (-1, 1, 2):
        unit = ctx.neighbour(offset)
        if unit is None or unit.kind != "qa" or not unit.question:
            continue
        topic = fold(unit.question)
        answer = unit.answer.replace("\n", " ").strip()
        if not answer or not any(w in topic for w in _CREDENTIAL_TOPIC):
            continue
        if _STATES_A_PASSWORD.search(fold(answer)):
            continue  # the credentials themselves ("X – senha: Y"), never a policy
        # The answer to "É possível informar ao cliente a senha?" is the policy, whatever it
        # says ("Sim, pode passar", "Somente com autorização"); other answers nearby only when
        # they read as a rule ("Não passar acesso padrão ...").
        if any(w in topic for w in _DISCLOSURE_TOPIC) or is_policy_start(answer):
            found.append(answer)
    return found


def identity(fact: Fact) -> Hashable:
    """A router is the same router when its model key is."""
    return ("credential", fact.attrs.get("model_key") or model_key(fact.subject))


def changes(old: Fact, new: Fact) -> list[str]:
    """What changed of a router's access, the password never written out."""
    lines = []
    if old.value != new.value:
        lines.append(f"credential {new.subject} password changed")
    if old.attrs.get("login") != new.attrs.get("login"):
        lines.append(
            f"credential {new.subject} login: {old.attrs.get('login') or '-'} -> "
            f"{new.attrs.get('login') or '-'}"
        )
    if old.subject != new.subject and not lines:
        lines.append(f"equipment {old.subject} now written {new.subject}")
    return lines


KIND = FactKind(
    name="credential",
    label="equipment",
    extract=extract,
    secret=True,
    identity=identity,
    changes=changes,
)
