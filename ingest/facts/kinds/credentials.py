"""Credential facts: rows of a table with a password column, and lines that name a password.

A table's columns are told by their header's kind words (``ingest.parsing.tables``), in any order; a
line is read only when a kind word ("senha", "password") names the value and a model stands
before it ("XR-500A: usuário admin / senha x@1", "Roteador X — login: admin — senha: y").
Nothing is guessed: a line that does not say which value is the password gives no fact.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from ingest.analysis import ROUTER_BRANDS, fold, model_key
from ingest.facts.credential_text import (
    Credential,
    model_in,
    no_login,
    opens_with_key,
    read_credential_line,
    read_credential_run,
    read_credential_sentence,
)
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.facts.kinds.addresses import address_in
from ingest.parsing.lines import is_policy_start
from ingest.parsing.markup import strip_bullet
from ingest.parsing.tables import (
    column_roles,
    is_group_caption,
    is_no_value,
    names_login_then_password,
)
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
    brand_col, brand, group_login = roles.get("brand"), "", None
    ip_col, group_ip = roles.get("ip"), None
    # A maker's column of its own (not "Marca / Modelo", one column for both).
    own_brand = brand_col if brand_col is not None and brand_col != model_col else None
    for text, span in zip(texts[1:], spans[1:], strict=True):
        row = text.split(" | ")
        if len(row) != len(header):
            continue
        if is_group_caption(text.replace(" | ", "\t")):
            brand, group_login, group_ip = row[0].rstrip(":"), None, None  # "HUAWEI" over rows
            continue
        login = row[login_col] if login_col is not None else None
        ip = row[ip_col].strip() if ip_col is not None else None
        merged = own_brand is not None and is_no_value(row[own_brand])
        if own_brand is not None and not merged:
            brand = row[own_brand]
        # An empty maker's cell is the row above's (cells merged over the maker's rows), and
        # so are an empty login and address beside it ("—" says there is none); a password is
        # never taken from another row.
        if login is not None and " / " in login and is_no_value(login.split(" / ", 1)[0]):
            login = "-"  # "– / (só pede senha)": a cell of two lines saying there is none
        if merged and login is not None and not login.strip():
            login = group_login
        group_login = login
        if merged and ip is not None and not ip:
            ip = group_ip
        group_ip = ip
        if is_no_value(row[pw_col]) or is_no_value(row[model_col]):
            continue
        password = row[pw_col]
        if login_col is None and (pair := _login_then_password(header[pw_col], password)):
            login, password = pair
        model = _model_cell(header[model_col], row[model_col])
        model = _with_brand(brand, model)
        if opens_with_key(password):
            # "Login: admin / Senha: x@1": the cell names its values (a Word cell's lines).
            labelled = read_credential_line(f"{model} — {password}")
            if labelled is None:
                continue  # "Login: admin" alone names no password
            login, password = labelled.login or login, labelled.password
        elif " / " in password:
            # "Zt:670? / ou Zt:670!": a cell of several lines (a Word cell's paragraphs); the
            # first is the password, the others say more of it (no password holds " / ").
            password = password.split(" / ", 1)[0].strip()
            if is_no_value(password):
                continue  # "- / ver com o técnico"
        _add(out, unit, Credential(model, login, password), span, caveats, address_in(ip or ""))


def _model_cell(header_cell: str, cell: str) -> str:
    """ "Archer C6 / TP-Link" under "Modelo / Marca": the maker before its model ("TP-Link
    Archer C6"), in the order the header names them; any other cell as it is."""
    parts = [p.strip() for p in cell.split(" / ")]
    named = re.findall(r"\b(modelo|marca|fabricante|equipamento|roteador)\b", fold(header_cell))
    if len(parts) != 2 or not all(parts) or len(named) != 2 or "/" not in header_cell:
        return cell
    maker_first = named[0] in ("marca", "fabricante")
    maker, model = parts if maker_first else parts[::-1]
    return _with_brand(maker, model)


def _login_then_password(header_cell: str, cell: str) -> tuple[str, str] | None:
    """ "Acesso (usuário/senha)" over "admin / Ab#1": one column holding both, login first as
    its header says; a cell with no " / " between two values is a password alone."""
    if not names_login_then_password(header_cell):
        return None
    parts = cell.split(" / ")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return None
    return parts[0].strip(), parts[1].strip()


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
        run = read_credential_run(text)
        for cred in run:
            _add(out, unit, cred, span, caveats)
        found = (
            None if run else read_credential_line(text, listed) or read_credential_sentence(text)
        )
        if found is not None:
            _add(out, unit, found, span, caveats)


def _add(
    out: FactSink,
    unit: Unit,
    cred: Credential,
    span: Span,
    caveats: Sequence[str],
    ip: str | None = None,
) -> None:
    attrs: dict[str, AttrValue] = {
        "login": None if cred.login is None or is_no_value(cred.login) else cred.login,
        "model_key": model_key(cred.model),
    }
    if ip:
        attrs["ip"] = ip  # the address the row's table gives the model ("IP de acesso")
    out.add(unit, "credential", cred.model, cred.password, span, attrs, caveats)


_CREDENTIAL_TOPIC = ("senha", "acesso", "roteador", "equipamento", "login")
# "senha: X", "senha = X", "a senha é X": a line that gives a password.
_STATES_A_PASSWORD = re.compile(r"\b(?:senha|password)\s*(?:[:=]|\be\b)\s*\S")
# A question about telling the password to the customer: its answer is the policy.
_DISCLOSURE_TOPIC = (
    "informar", "passar", "possivel", "fornecer", "repassar", "dizer", "politica",
)  # fmt: skip


def extract(out: FactSink, ctx: UnitContext) -> None:
    caveats = credential_caveats(ctx)
    if ctx.unit.kind == "table":
        table_credentials(out, ctx.unit, ctx.texts, ctx.spans, caveats)
        return
    texts, spans = list(ctx.texts), list(ctx.spans)
    # A rule on passwords among the credentials' own lines ("NAO PASSAR SENHA PADRAO PRO
    # CLIENTE" over the routers' lines) holds for them as a neighbour's answer does.
    own = [t for t in texts if _is_password_rule(t) and t not in caveats]
    caveats = [*own, *caveats]
    asked = (ctx.unit.question or "").strip()
    if opens_with_key(asked):
        # "login: x" over "senha: y:" read as a label and its line: both are key lines.
        first = ctx.unit.lines[0]
        texts, spans = [asked, *texts], [(first, first), *spans]
    records, rest = titled_records(ctx, texts)
    for record, first, last in records:
        _add(out, ctx.unit, record, (spans[first][0], spans[last][1]), caveats)
    if _names_login_then_password(ctx):
        # "USUARIO / SENHA PADRAO" over "TP-LINK ARCHER C6: admin / x@1": each line a model,
        # its login and its password in the order the caption names them.
        pairs = [(k, _model_login_password(texts[k])) for k in rest]
        for k, cred in pairs:
            if cred is not None:
                _add(out, ctx.unit, cred, spans[k], caveats)
        rest = [k for k, cred in pairs if cred is None]
    line_credentials(out, ctx.unit, [texts[k] for k in rest], [spans[k] for k in rest], caveats)


# "TP-LINK ARCHER C6: admin / Kmb@C6#2019!", "Archer C6 -> admin / x@1": a model, a login and
# a password after it.
_MODEL_PAIR = re.compile(
    r"^(?P<model>[^:]{2,60}?)(?::|\s*(?:->|=>|→)|\s+[–—-])\s*(?P<login>\S(?:[^/]*\S)?)\s+/\s+"
    r"(?P<pw>\S+)$"
)


def _names_login_then_password(ctx: UnitContext) -> bool:
    """Whether the unit's question or heading, or the line above its run of such lines (the
    run may be parsed as several units), names login then password."""
    own = [t for t in ctx.texts if _model_login_password(t) is None]  # "usuário/senha:" above
    heads = (ctx.unit.question or "", ctx.unit.section, *own)
    if any(names_login_then_password(c, caption=True) for c in heads):
        return True
    for offset in range(1, 10):
        before = ctx.neighbour(-offset)
        if before is None or before.section != ctx.unit.section:
            return False
        lines = [line for line in before.answer.split("\n") if line.strip()]
        pairs = [line for line in lines if _model_login_password(line)]
        rest = [before.question or "", *(line for line in lines if line not in pairs)]
        if pairs and any(names_login_then_password(t, caption=True) for t in rest):
            return True  # the caption over the run's first lines
        if not pairs or len(pairs) < len(lines):
            return bool(lines) and names_login_then_password(lines[-1], caption=True)
    return False


def _model_login_password(text: str) -> Credential | None:
    text = strip_bullet(text).strip()
    # "Mercusys MR30G -> s/ user, só senha / x@1": the sheet says the login is none.
    found = _MODEL_PAIR.match(text) or _MODEL_PAIR.match(no_login(text, "- "))
    if found is not None and opens_with_key(found["login"]):
        return None  # "HG8720H — Usuário: support / Senha: x": keyed values, a line of its own
    # A model, or a maker alone ("INTELBRAS: suporte / x": every model of that maker).
    named = found is not None and (
        model_in(found["model"]) is not None or model_key(found["model"]) in ROUTER_BRANDS
    )
    if found is None or not named:
        return None
    login = found["login"]
    return Credential(found["model"].strip(), None if is_no_value(login) else login, found["pw"])


def _is_password_rule(text: str) -> bool:
    folded = fold(text)
    return (
        is_policy_start(text)
        and any(w in folded for w in _CREDENTIAL_TOPIC)
        and not _STATES_A_PASSWORD.search(folded)
        # A router's own line is no rule, though its model reads as a verb ("Archer C6 V2:
        # (só senha) / x@1" opens like "Acessar"): as a caveat it would show its password.
        and _model_login_password(text) is None
        and read_credential_line(text) is None
    )


def titled_records(
    ctx: UnitContext, texts: Sequence[str]
) -> tuple[list[tuple[Credential, int, int]], list[int]]:
    """Routers written as a block each: the model alone on a line over its "login: x" and
    "senha: y" lines (for the unit's first block, the heading it is the first under, as
    "HUAWEI EG8145V5" reads as one). The records with the lines they take, and the other lines.
    """
    previous = ctx.neighbour(-1)
    first_under = previous is None or previous.section != ctx.unit.section
    lines = [t.strip() for t in texts]
    records: list[tuple[Credential, int, int]] = []
    rest: list[int] = []
    k = 0
    while k < len(lines):
        if k == 0 and first_under and opens_with_key(lines[0]):
            title, start = ctx.unit.section.strip(), 0
        elif k + 1 < len(lines) and opens_with_key(lines[k + 1]):
            title, start = lines[k], k + 1
        else:
            title, start = "", k
        end = start
        while end < len(lines) and end - start < 3 and opens_with_key(lines[end]):
            end += 1
        record = None
        if title and _is_model_title(title) and end > start:
            record = read_credential_line(f"{title} — " + " — ".join(lines[start:end]))
        if record is None:
            rest.append(k)
            k += 1
            continue
        records.append((record, k, end - 1))
        k = end
    return records, rest


def _is_model_title(text: str) -> bool:
    """A line that is a router's model and nothing else ("Intelbras RF3000", "DM986- 204"),
    or a maker's name alone ("TP-LINK": the sheet's row for every router of that maker)."""
    title = text.strip(" :-—*")
    if re.sub(r"[^a-z]", "", fold(title)) in ROUTER_BRANDS:
        return True
    model = model_in(title)
    return model is not None and fold(model) == fold(title)


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
    return found or _policy_elsewhere(ctx)


def _policy_elsewhere(ctx: UnitContext) -> list[str]:
    """The sheet's answer on telling the password, wherever it is when no neighbour gives it
    (a YAML file keeps it under its own key, far from the routers): a question about it, or
    a label line about it inside another answer ("informar senha: não")."""
    found: list[str] = []
    for unit in ctx.units:
        if unit.kind != "qa" or not unit.question:
            continue
        if _is_disclosure(unit.question) and unit.answer.strip():
            said = unit.answer.replace("\n", " ").strip()
            if not _STATES_A_PASSWORD.search(fold(said)):
                # A bare "não" says nothing without what it answers ("informar senha: não").
                short = len(said.split()) <= _BARE_ANSWER_WORDS
                found.append(f"{unit.question.rstrip(' :?')}: {said}" if short else said)
            continue
        for line in unit.answer.split("\n"):
            label, colon, value = line.partition(":")
            if colon and value.strip() and _is_disclosure(label):
                found.append(line.strip())
    return found


_BARE_ANSWER_WORDS = 3


def _is_disclosure(topic: str) -> bool:
    """A question or label about telling the customer the router's password."""
    folded = fold(topic)
    return "senha" in folded and any(w in folded for w in _DISCLOSURE_TOPIC)


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
