"""Credentials written in a line or a sentence: kind words name the values, a model stands by.

"XR-500A: usuário admin / senha x@1", "Roteador X — login: admin — senha: y", "X – sem login –
senha: z", and in prose: "O X não tem usuário, a senha é z", "para o X a senha é z". Nothing is
guessed: a line that does not say which value is the password gives no credential.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ingest.analysis import ROUTER_BRANDS, fold
from ingest.parsing.lines import is_question
from ingest.parsing.markup import strip_bullet, strip_code
from ingest.parsing.tables import is_no_value


class Credential(NamedTuple):
    model: str
    login: str | None
    password: str


# "sem login", "não tem usuário", "não pede usuário": the router has no login.
# "— obs: ...", "/ Observação: ...": a note after a record's values.
_NOTE_LABEL = re.compile(
    r"\s*(?:[—–|/-]\s*)?\b(?:obs|observa[cç][aã]o|observa[cç][oõ]es|notas?)\b\.?\s*:", re.I
)
_NO_LOGIN = re.compile(
    r"\b(?:sem\s+|s/\s*|n[aã]o\s+(?:tem|possui|pede|usa|precisa\s+de)\s+)(?:usu[aá]rio|login|user)\b"
    r"(?:\s*\([^()]*\))?(?:\s*[,;—–-])?"  # "sem login (só senha)", "s/ user,"
    # "s/ user, só senha / x@1": that only the password follows ("só senha: x" keeps its key,
    # its "só" no part of the model's name).
    r"(?:\s*(?:s[oó]|somente|apenas)\s+(?:a\s+)?(?:senha\b(?!\s*[:=])|(?=senha\s*[:=])))?"
    # "login: (não tem, só senha)", "usuário: sem": the key, then that there is none.
    r"|\b(?:usu[aá]rio|login|user)\s*:\s*(?:\(\s*(?:n[aã]o\s+(?:tem|possui|h[aá])|sem)\b[^()]*\)"
    r"|(?:n[aã]o\s+(?:tem|possui|h[aá])|sem)\b)(?:\s*[,;—–-])?",
    re.IGNORECASE,
)
# "a senha é x", "a senha dele é x", "senha do roteador: x" in a sentence.
_SENTENCE_KEY = re.compile(
    r"\bsenha(?:\s+(?:dele|dela|padr[aã]o|de\s+acesso|do\s+\w+|da\s+\w+))?\s*(?:é|e|eh|:|=)\s+",
    re.IGNORECASE,
)
# "a senha padrão do roteador Huawei X é y": the model between the key and "é".
_KEY_THEN_MODEL = re.compile(
    r"\bsenha(?:\s+padr[aã]o)?\s+(?:d[oa]s?|para\s+o|no)\s+"
    r"(?:(?:roteador|modelo|equipamento|aparelho|onu|ont)\s+)?(?P<model>[^,;]{2,40}?)"
    r"\s+(?:é|e|eh|:|=)\s+",
    re.IGNORECASE,
)
_SENTENCE_LOGIN = re.compile(
    r"\b(?:usu[aá]rio|login|user)(?:\s+dele|\s+dela)?\s*(?:é|e|eh|:|=)\s+(?P<login>[^\s,;]+)",
    re.IGNORECASE,
)
# A token of a model code: letters and digits together ("AC12G", "DM987-149", "G-1425G-A").
_CODE = re.compile(r"^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w][\w-]*$|^\d{3,}[\w-]*$")
# Words around a model in a sentence that are not part of it.
_SENTENCE_WORDS = {"ja", "obs", "para", "pro", "no", "do", "o", "a", "um", "uma", "e", "modelo"}


# A key and what follows it: "senha: x", "senha = x", "senha x", "usuário admin".
_KEY = re.compile(
    r"(?<![\w-])(?P<key>senhas?|password|pass|login|usu[aá]rios?|user)\b\s*(?P<mark>[:=])?\s*",
    re.IGNORECASE,
)
_PASSWORD_KEYS = {"senha", "senhas", "password", "pass"}


def opens_with_key(text: str) -> bool:
    """A line that opens with a login or password key and its mark ("login: x", "senha = y")."""
    found = _KEY.match(text.strip())
    return found is not None and found.group("mark") is not None


# Where a value ends: the end of the line, or a separator / the next key after a space.
_AFTER_VALUE = re.compile(
    r"^(?:[,;.]?\s*$|[,;]?\s+(?:[/|—–→-]|e\s|(?=(?:senhas?|password|pass|login|usu[aá]rio|user)\b))"
    r"|[,;]\s)",
    re.IGNORECASE,
)
_NEW_SENTENCE = re.compile(r"^\s+[A-ZÀ-Ý][a-zà-ÿ]")
_CLAUSE_MARK = re.compile(r"[,;]\s")
_MODEL_TRAIL = re.compile(r"[\s:/|—–,;=(>→-]+$")  # "X ->", "X =>", "X →" too
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
    # "X – sem login – senha: y": the sheet says there is no login.
    text = no_login(text)
    note = _NOTE_LABEL.search(text)
    if note is not None and any(
        fold(m["key"]) in _PASSWORD_KEYS for m in _KEY.finditer(text[: note.start()])
    ):
        text = text[: note.start()]  # "... senha: x@1 — obs: so senha na tela": a note, no key
    keys = list(_KEY.finditer(text))
    password = login = None
    consumed = 0
    # Every key must name one value, and once: anything else is a sentence or two records.
    for m in keys:
        if m.start() < consumed:
            continue  # a value that is also a key word ("user: user")
        value = _value_after(text, m, listed)
        consumed = m.end() + len(value or "")
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
    if not value or not _AFTER_VALUE.match(rest):
        return None
    if _KEY.fullmatch(value + " ") and not key.group("mark"):
        return None  # "senha login ...": two keys, no value (after "login:" "user" is one)
    if value.endswith(")") and "(" not in value and _opens_parenthesis(text[: key.start()]):
        value = value[:-1]  # "Tenda AC10 (user: admin | senha: x@1)": the note's parenthesis
    value = strip_code(value)
    return None if fold(value) in _PROSE_WORDS else value


def no_login(text: str, said: str = " ") -> str:
    """The text with what says the router has no login replaced by ``said``."""
    return _NO_LOGIN.sub(said, text)


def _opens_parenthesis(text: str) -> bool:
    """Whether a parenthesis opened before a key is still open ("X (user: a | senha: b)")."""
    return text.count("(") > text.count(")")


def read_credential_sentence(text: str) -> Credential | None:
    """(model, login, password) of a sentence that says a model's password ("para o X a senha
    é y", "O X não tem usuário, a senha é y"), else None."""
    text = strip_bullet(text).strip()
    named = _KEY_THEN_MODEL.search(text)
    key = named or _SENTENCE_KEY.search(text)
    if key is None:
        return None
    password = _sentence_value(text, key)
    model = model_in(named.group("model") if named else text[: key.start()])
    if password is None or model is None or is_no_value(password):
        return None
    login_match = _SENTENCE_LOGIN.search(text)
    login = None
    if login_match and not _NO_LOGIN.search(text):
        login = strip_code(login_match.group("login").rstrip("."))
        if fold(login) in _PROSE_WORDS or is_no_value(login):
            login = None
    return Credential(model, login, password)


# In a run of routers told one after another, each password: "senha", "a senha é", "senha do
# app é", then the value.
_RUN_PASSWORD = re.compile(
    r"\bsenha(?:\s+(?:dele|dela|padr[aã]o|de\s+acesso|d[oa]\s+\w+))?\s*(?:é|eh|:|=)?\s+(?P<pw>\S+)",
    re.IGNORECASE,
)
_RUN_LOGIN = re.compile(
    r"\b(?:usu[aá]rio|login|user)\s*(?:é|eh|:|=)?\s+(?:(?:o|a)\s+)?(?P<login>[^\s,;]+)",
    re.IGNORECASE,
)


def read_credential_run(text: str) -> list[Credential]:
    """The routers of a sentence that tells several, each its model, login and password ("o
    zte F670L entra com login admin e senha Zt#1, o huawei HG8145V5 o login é Epadmin e a
    senha Hw@4, o mercusys MR30G não tem usuário, é só a senha Mc*3"); [] unless it tells two.

    Each password closes its router's clause: the model is the last code named in the clause
    before its login, the login the value its key names.
    """
    found: list[Credential] = []
    start = 0
    for key in _RUN_PASSWORD.finditer(text):
        if key.start() < start:
            continue
        password = _run_value(key.group("pw"), text[key.end() :])
        if password is None:
            continue
        clause = text[start : key.start()]
        start = key.end()
        logins = list(_RUN_LOGIN.finditer(clause))
        login_at = logins[-1] if logins else None
        named = clause[: login_at.start()] if login_at else clause
        model = model_in(named) or _capitalised_name(named)
        if model is None:
            continue
        login = None
        if login_at is not None and not _NO_LOGIN.search(clause):
            login = strip_code(login_at.group("login"))
            if fold(login) in _PROSE_WORDS or is_no_value(login):
                login = None
        found.append(Credential(model, login, password))
    models = {fold(c.model) for c in found}
    return found if len(found) >= 2 and len(models) == len(found) else []


def _capitalised_name(text: str) -> str | None:
    """A router named by words, no code ("o Twibi Giga do mesh"): the first run of two or more
    capitalised words of the clause."""
    tokens = [t.strip(",;:()") for t in text.split()]
    run: list[str] = []
    for token in [*tokens, ""]:
        if token and _brand_word(token) and token[:1].isupper():
            run.append(token)
            continue
        if 2 <= len(run) <= 3:
            return " ".join(run)
        run = []
    return None


def _run_value(token: str, rest: str) -> str | None:
    """A password of a run: the clause's mark after it is not part of it."""
    if (token[-1:] in ",;" and (not rest or rest[:1].isspace())) or (
        token[-1:] == "." and (not rest.strip() or _NEW_SENTENCE.match(rest))
    ):
        token = token[:-1]
    token = token.strip("\"'“”‘’")
    if len(token) < 3 or fold(token) in _PROSE_WORDS or not _looks_secret(token):
        return None
    return strip_code(token)


def _sentence_value(text: str, key: re.Match[str]) -> str | None:
    """The token after "a senha é": clause marks before more text and quotes are not in it."""
    token = re.match(r"\S+", text[key.end() :])
    if token is None:
        return None
    value = token.group(0)
    rest = text[key.end() + token.end() :]
    if (value[-1:] in ",;" and rest.strip()) or (value[-1:] == "." and _NEW_SENTENCE.match(rest)):
        value = value[:-1]
    value = value.strip("\"'“”‘’")
    if len(value) < 3 or fold(value) in _PROSE_WORDS or not _looks_secret(value):
        return None
    return strip_code(value)


def model_in(text: str) -> str | None:
    """The model named last before the key: a code with the brand words before it and the
    suffixes after it ("Mercusys AC12G", "Archer C6 V2", "DM987-149")."""
    tokens = [t.strip(",;:()") for t in text.split()]
    best: list[str] = []
    end = 0
    for i, token in enumerate(tokens):
        if i < end or not _CODE.match(token):
            continue
        start = i
        while start > 0 and _brand_word(tokens[start - 1]):
            start -= 1
        end = i + 1
        while end < len(tokens) and (_CODE.match(tokens[end]) or _suffix_word(tokens[end])):
            end += 1
        best = tokens[start:end]
    if not best or len(best) > 4:
        return None
    return " ".join(best)


def _brand_word(token: str) -> bool:
    folded = fold(token)
    if re.sub(r"[^a-z]", "", folded) in ROUTER_BRANDS:
        return True  # "o zte F670L", "o tp-link Archer C6": a maker written in lower case
    return (
        token[:1].isupper()
        and token.replace("-", "").isalpha()
        and folded not in _SENTENCE_WORDS
        and folded not in _PROSE_WORDS
        and len(token) >= 2
    )


def _suffix_word(token: str) -> bool:
    """ "Pro", "Plus", "AC", "AX": a word after the code that is still the model's."""
    short_caps = token.isalpha() and token.isupper() and len(token) <= 4
    return short_caps or token in {"Pro", "Plus", "Max", "Mini", "Lite"}


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
