"""Credential facts: rows of a table with a password column, and lines that name a password.

A table's columns are told by their header's kind words (``ingest.parsing.tables``), in any order; a
line is read only when a kind word ("senha", "password") names the value and a model stands
before it ("XR-500A: usuário admin / senha x@1", "Roteador X — login: admin — senha: y").
Nothing is guessed: a line that does not say which value is the password gives no fact.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import NamedTuple

from ingest.analysis import fold, model_key
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.parsing.lines import is_policy_start, is_question
from ingest.parsing.markup import strip_bullet, strip_code
from ingest.parsing.tables import column_roles, is_no_value
from ingest.records import AttrValue, Fact, Unit

Span = tuple[int, int]


class Credential(NamedTuple):
    model: str
    login: str | None
    password: str


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
    for text, span in zip(texts[1:], spans[1:], strict=True):
        row = text.split(" | ")
        if len(row) != len(header) or is_no_value(row[pw_col]) or is_no_value(row[model_col]):
            continue
        login = row[login_col] if login_col is not None else None
        _add(out, unit, Credential(row[model_col], login, row[pw_col]), span, caveats)


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
        found = read_credential_line(text, listed)
        if found is not None:
            _add(out, unit, found, span, caveats)


def _add(out: FactSink, unit: Unit, cred: Credential, span: Span, caveats: Sequence[str]) -> None:
    attrs: dict[str, AttrValue] = {
        "login": None if cred.login is None or is_no_value(cred.login) else cred.login,
        "model_key": model_key(cred.model),
    }
    out.add(unit, "credential", cred.model, cred.password, span, attrs, caveats)


# A key and what follows it: "senha: x", "senha = x", "senha x", "usuário admin".
_KEY = re.compile(
    r"(?<![\w-])(?P<key>senhas?|password|pass|login|usu[aá]rios?|user)\b\s*(?P<mark>[:=])?\s*",
    re.IGNORECASE,
)
_PASSWORD_KEYS = {"senha", "senhas", "password", "pass"}
# Where a value ends: the end of the line, or a separator / the next key after a space.
_AFTER_VALUE = re.compile(
    r"^(?:[,;.]?\s*$|[,;]?\s+(?:[/|—–-]|e\s|(?=(?:senhas?|password|pass|login|usu[aá]rio|user)\b))"
    r"|[,;]\s)",
    re.IGNORECASE,
)
_NEW_SENTENCE = re.compile(r"^\s+[A-ZÀ-Ý][a-zà-ÿ]")
_CLAUSE_MARK = re.compile(r"[,;]\s")
_MODEL_TRAIL = re.compile(r"[\s:/|—–,;=(-]+$")
_MODEL_KIND = re.compile(
    r"^(?:(?:o|a)\s+)?(?:equipamentos?|modelos?|roteador(?:es)?|onus?|onts?|aparelhos?|marca)"
    r"\b\s*:?\s*",
    re.IGNORECASE,
)
# Words of a sentence, not of a model name: a line that has them before the key is prose.
_PROSE_WORDS = {
    "a", "o", "as", "os", "de", "do", "da", "dos", "das", "e", "para", "pra", "com", "no",
    "na", "em", "se", "que", "use", "usar", "utilize", "informar", "qual", "padrao", "cliente",
    "acesso", "nao", "sim", "caso", "trocar", "pode", "deve", "por",
}  # fmt: skip


def read_credential_line(text: str, listed: bool = False) -> Credential | None:
    """(model, login, password) of a line that names them with kind words, else None.

    ``listed``: the line is an item of an enumeration punctuated item by item, so a "," ";"
    or "." that ends it is the enumeration's. Otherwise a mark that ends the line is kept
    (a password may end with one), but for a "." ending a sentence whose clauses are
    punctuated ("X: login a; senha b.").
    """
    text = strip_bullet(text).strip()
    if not text or is_question(text):
        return None
    keys = list(_KEY.finditer(text))
    password = login = None
    # Every key must name one value, and once: anything else is a sentence or two records.
    for m in keys:
        value = _value_after(text, m, listed)
        if fold(m.group("key")) in _PASSWORD_KEYS:
            if value is None or password is not None or is_no_value(value):
                return None
            if not (m.group("mark") or _looks_secret(value)):
                return None
            password = value
        elif value is None or login is not None:
            return None
        else:
            login = value
    if password is None:
        return None
    model = _model_before(text[: keys[0].start()])
    if not model:
        return None
    return Credential(model, None if login is None or is_no_value(login) else login, password)


def _value_after(text: str, key: re.Match[str], listed: bool = False) -> str | None:
    """The one token after a key when it ends its clause ("senha x@1 / ..."), else None."""
    token = re.match(r"\S+", text[key.end() :])
    if token is None:
        return None
    rest = text[key.end() + token.end() :]
    value = token.group(0)
    # A "," or ";" before more text ends the clause, and so does a "." before a new sentence
    # (a capital); at the end of the line the mark is kept unless it is plainly punctuation.
    if value[-1:] in ",;" and rest[:1].isspace() and rest.strip():
        value, rest = value[:-1], value[-1:] + rest
    elif value[-1:] == "." and _NEW_SENTENCE.match(rest):
        value, rest = value[:-1], ""
    elif value[-1:] in ",;." and not rest.strip() and len(value) > 1:
        prose = value.endswith(".") and _CLAUSE_MARK.search(text[: key.start()])
        if listed or prose:
            value = value[:-1]
    if not value or not _AFTER_VALUE.match(rest) or _KEY.fullmatch(value + " "):
        return None
    value = strip_code(value)
    return None if fold(value) in _PROSE_WORDS else value


def _looks_secret(value: str) -> bool:
    """Without a ":" after the key, only a token that cannot be a word is a password."""
    return any(not c.isalpha() for c in value)


def _model_before(text: str) -> str | None:
    """The model a line names before its first key ("Roteador X —" -> "X")."""
    model = _MODEL_TRAIL.sub("", text.strip())
    model = _MODEL_KIND.sub("", model, count=1).strip()
    words = model.split()
    if not 1 <= len(words) <= 4 or len(model) > 40:
        return None
    if any(fold(w) in _PROSE_WORDS for w in words) or model.endswith((".", "?", "!")):
        return None
    # A model name carries a digit or a capital ("XR-500A", "ZYXEL", "Archer C6").
    if not any(c.isdigit() or c.isupper() for c in model):
        return None
    return model


_CREDENTIAL_TOPIC = ("senha", "acesso", "roteador", "equipamento", "login")


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
        answer = unit.answer.replace("\n", " ")
        if any(w in topic for w in _CREDENTIAL_TOPIC) and is_policy_start(answer):
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
