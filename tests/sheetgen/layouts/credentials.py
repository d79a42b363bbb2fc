"""Writers of the default router login/password table in every layout authors use."""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..model_forms import code_of
from ..routers import BRAND_BY_NAME
from ..truth import Credential
from .common import cells_per_line, pipe_table, tab_rows, wide_gap

CREDENTIAL_LAYOUTS = (
    "cell_lines",
    "tab_rows",
    "pipe_table",
    "wide_gap",
    "model_lines",
    "dash_lines",
    "brand_columns",
    "model_blocks",
    "access_column",
    "csv_caption",
    "labelled_cells",
    "spaced_marks",
    "caption_pairs",
    "run_on",
    "brand_groups",
)
CREDENTIAL_SENTENCES = ("none", "no_login", "for_model")
BRAND_ROWS = ("none", "generic")

CAPS_HEADERS: tuple[tuple[str, str, str], ...] = (
    ("EQUIPAMENTO", "LOGIN", "SENHA"),
    ("MODELO", "USUÁRIO", "SENHA"),
    ("ROTEADOR", "USUARIO", "SENHA"),
    ("EQUIPAMENTO", "USUÁRIO", "SENHA"),
)
NOTES = ("ONU", "Roteador", "comodato", "Wi-Fi 6", "", "dual band", "")


def _login_cell(cred: Credential, rng: random.Random, *, may_be_empty: bool) -> str:
    if cred.login is not None:
        return cred.login
    return rng.choice(("-", "")) if may_be_empty else "-"


def _header(rng: random.Random) -> tuple[str, str, str]:
    model, user, pw = rng.choice(CAPS_HEADERS)
    if rng.random() < 0.5:
        return model.capitalize(), user.capitalize(), pw.capitalize()
    return model, user, pw


def write_credentials(rows: Sequence[Credential], layout: str, rng: random.Random) -> list[str]:
    """The table lines of rows in a layout (one of CREDENTIAL_LAYOUTS)."""
    if layout == "cell_lines":
        header = rng.choice(CAPS_HEADERS)
        return cells_per_line(
            header, [(r.model, _login_cell(r, rng, may_be_empty=False), r.password) for r in rows]
        )
    if layout == "tab_rows":
        body = [(r.model, _login_cell(r, rng, may_be_empty=True), r.password) for r in rows]
        return tab_rows(_header(rng), body)
    if layout == "wide_gap":
        body = [(r.model, _login_cell(r, rng, may_be_empty=False), r.password) for r in rows]
        return wide_gap(_header(rng), body, rng)
    if layout == "pipe_table":
        return _pipe(rows, rng)
    if layout == "model_lines":
        user_word = rng.choice(("usuário", "login", "user"))
        return [_model_line(r, user_word, rng) for r in rows]
    if layout == "dash_lines":
        dash = rng.choice((" — ", " – ", " -> ", " → "))
        return [_dash_line(r, dash, rng) for r in rows]
    if layout == "brand_columns":
        return _brand_columns(rows, rng)
    if layout == "model_blocks":
        return _model_blocks(rows, rng)
    if layout == "csv_caption" and not any(";" in f"{r.model}{r.login}{r.password}" for r in rows):
        # Pasted from a spreadsheet as CSV, the columns named in a caption above the rows
        # (a value with a ";" would need quoting: such a table is pasted with tabs instead).
        model, user, pw = (c.lower() for c in _header(rng))
        caption = rng.choice(("colado da planilha", "copiado do sistema", "tabela"))
        lines = [f"{caption} ({model};{user};{pw}):"]
        return lines + [f"{r.model};{r.login or '-'};{r.password}" for r in rows]
    if layout == "csv_caption":
        return tab_rows(_header(rng), [(r.model, r.login or "-", r.password) for r in rows])
    if layout == "labelled_cells":
        return _labelled_cells(rows, rng)
    if layout == "caption_pairs" and not any(":" in r.model or " / " in r.password for r in rows):
        # "USUARIO / SENHA PADRAO" over "TP-LINK ARCHER C6: admin / x@1": the caption says
        # which value is which, each line a model, its login and its password.
        caption = rng.choice(
            ("USUARIO / SENHA PADRAO", "Login / senha de fábrica", "usuário/senha:")
        )
        none = rng.choice(("(SEM USUARIO)", "-", "(só senha)"))
        return [caption, *(f"{r.model}: {r.login or none} / {r.password}" for r in rows)]
    if layout == "caption_pairs":
        return tab_rows(_header(rng), [(r.model, r.login or "-", r.password) for r in rows])
    if layout == "spaced_marks" and not any(" " in f"{r.login}{r.password}" for r in rows):
        # Typed in a plain editor with a doubled mark between cells ("X ## admin ## y").
        mark = rng.choice((" ## ", " :: ", " ;; "))
        if any(mark.strip() in f"{r.model}{r.login}{r.password}" for r in rows):
            mark = " ## " if "##" not in "".join(r.password for r in rows) else " :: "
        header = mark.join(_header(rng))
        return [header, *(mark.join((r.model, r.login or "-", r.password)) for r in rows)]
    if layout == "spaced_marks":
        return tab_rows(_header(rng), [(r.model, r.login or "-", r.password) for r in rows])
    if layout == "access_column":
        # One column for both: "Acesso (usuário/senha)" over "admin / x@1".
        header = (_header(rng)[0], rng.choice(("Acesso (usuário/senha)", "Login / Senha")))
        if rng.random() < 0.5:
            body = [(r.model, f"{r.login or '—'} / {r.password}") for r in rows]
            return tab_rows(header, body)
        escaped = [(r.model, f"{r.login or '—'} / " + r.password.replace("|", "\\|")) for r in rows]
        return pipe_table(header, escaped, rng)
    if layout == "run_on" and all(_tellable(r) for r in rows):
        return [_run_on(rows, rng)]
    if layout == "run_on":
        return tab_rows(_header(rng), [(r.model, r.login or "-", r.password) for r in rows])
    if layout == "brand_groups" and not any("  " in f"{r.login}{r.password}" for r in rows):
        return _brand_groups(rows, rng)
    if layout == "brand_groups":
        return tab_rows(_header(rng), [(r.model, r.login or "-", r.password) for r in rows])
    raise ValueError(f"credentials layout must be one of {CREDENTIAL_LAYOUTS}, got {layout!r}")


def _brand_groups(rows: Sequence[Credential], rng: random.Random) -> list[str]:
    """As an old helpdesk system prints it: the header between rules, the rows in columns of
    spaces, each maker's rows indented under its name in capitals ("HUAWEI" over "EG8145V5");
    a row whose model does not open with its maker stays above the groups, as written."""
    loose: list[tuple[str, str, str]] = []
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for r in rows:
        code = code_of(r)
        cells = (code, r.login or "-", r.password)
        if code == r.model:
            loose.append(cells)
        else:
            groups.setdefault(r.model[: -len(code)].strip().upper(), []).append(cells)
    header = _header(rng)
    ordered = [*loose, *(c for members in groups.values() for c in members)]
    aligned = wide_gap(header, ordered, rng)
    rule = rng.choice(("-", "=")) * rng.randint(40, 70)
    lines = [rule, aligned[0], rule, *aligned[1 : 1 + len(loose)]]
    at = 1 + len(loose)
    for brand, members in groups.items():
        lines.append(brand)
        lines += [f"    {line}" for line in aligned[at : at + len(members)]]
        at += len(members)
    return [*lines, rule]


def _tellable(cred: Credential) -> bool:
    """A router a dictated sentence can tell: a model with a code, values without spaces or a
    clause's mark at their end (a run-on sentence could not tell where they end)."""
    values = [cred.password, *([cred.login] if cred.login else [])]
    return any(c.isdigit() for c in cred.model) and not any(
        " " in v or v[-1:] in ",;." or v[:1] in "\"'" for v in values
    )


def _run_on(rows: Sequence[Credential], rng: random.Random) -> str:
    """Every router told in one dictated sentence: "Vamos lá: o X entra com login a e senha b,
    o Y o login é c e a senha d, o Z não tem usuário, é só a senha e"."""
    said = []
    for r in rows:
        if r.login is None:
            said.append(f"o {r.model} não tem usuário, é só a senha {r.password}")
            continue
        said.append(
            rng.choice(
                (
                    f"o {r.model} entra com login {r.login} e senha {r.password}",
                    f"o {r.model} o login é {r.login} e a senha {r.password}",
                    f"o {r.model} é usuário {r.login} com a senha {r.password}",
                )
            )
        )
    return rng.choice(("Vamos lá: ", "Então: ", "")) + ", ".join(said) + "."


def _pipe(rows: Sequence[Credential], rng: random.Random) -> list[str]:
    model, user, pw = _header(rng)
    swap = rng.random() < 0.4  # SENHA before USUÁRIO
    notes = rng.random() < 0.35
    header = [model, *((pw, user) if swap else (user, pw))] + (["Obs"] if notes else [])
    # Passwords as code spans ("`Ab#1`"), as some authors write values in Markdown.
    code = rng.random() < 0.3
    body = []
    for r in rows:
        login = _login_cell(r, rng, may_be_empty=True)
        secret = r.password.replace("|", "\\|")  # a pipe inside a cell, escaped
        secret = f"`{secret}`" if code else secret
        cells = [r.model, *((secret, login) if swap else (login, secret))]
        body.append(cells + ([rng.choice(NOTES)] if notes else []))
    return pipe_table(header, body, rng)


BRAND_HEADERS = (("Marca", "Modelo"), ("MARCA", "MODELO"), ("Fabricante", "Modelo"))


def _brand_columns(rows: Sequence[Credential], rng: random.Random) -> list[str]:
    """The maker in a column of its own before the model's; a maker's cell the row above
    already has is left empty (a merged cell), as word processors export it, and so, in some
    sheets, is a login the maker's row above already gives. Every row's model is written with
    its maker (the content generator sees to it)."""
    brand_head, model_head = rng.choice(BRAND_HEADERS)
    _, user, pw = _header(rng)
    merged = rng.random() < 0.6
    merged_logins = merged and rng.random() < 0.5
    # Some tables give the address each maker's routers are reached at, after the model.
    ip_head = rng.choice((None, "IP de acesso", "IP local", "Gateway"))
    addresses = {
        b: f"192.168.{rng.choice((0, 1, 18, 100))}.{rng.choice((1, 254))}"
        for b in {r.brand for r in rows}
    }
    ordered = sorted(rows, key=lambda r: r.brand) if merged else list(rows)
    body: list[tuple[str, ...]] = []
    previous, previous_login = None, None
    for r in ordered:
        maker, code = _split_maker(r)
        same = merged and maker == previous
        cell = "" if same else maker
        login = _login_cell(r, rng, may_be_empty=False)
        if same and merged_logins and r.login is not None and r.login == previous_login:
            login = ""
        previous = maker
        previous_login = r.login if not same or login else previous_login
        ip = ("" if same else addresses[r.brand]) if ip_head else None
        body.append((cell, code, *(() if ip is None else (ip,)), login, r.password))
    header: tuple[str, ...] = (brand_head, model_head, *((ip_head,) if ip_head else ()), user, pw)
    if rng.random() < 0.5:
        return tab_rows(header, body)
    return pipe_table(header, [[c.replace("|", "\\|") for c in row] for row in body], rng)


def _labelled_cells(rows: Sequence[Credential], rng: random.Random) -> list[str]:
    """A Word table's text: "Modelo / Marca" over "Archer C6 / TP-Link", and one cell naming
    the login and the password ("Login: admin / Senha: x@1"), a note column after them."""
    user = rng.choice(("Login", "Usuário", "usuario"))
    header = ("Modelo / Marca", "Tipo", "Acesso (login e senha)", "Observação")
    body = []
    for r in rows:
        maker, code = _split_maker(r)
        model = r.model if maker == code else f"{code} / {maker}"
        login = r.login or rng.choice(("(não tem, só senha)", "—"))
        access = f"{user}: {login} / Senha: {r.password}"
        body.append((model, rng.choice(("Roteador", "ONT", "ONU")), access, rng.choice(NOTES)))
    if rng.random() < 0.5:
        return tab_rows(header, body)
    return pipe_table(header, [[c.replace("|", "\\|") for c in row] for row in body], rng)


def _split_maker(cred: Credential) -> tuple[str, str]:
    """ "HUAWEI EG8145V5" -> ("HUAWEI", "EG8145V5"); a row named by its maker alone keeps the
    maker in both cells ("HUAWEI" | "HUAWEI")."""
    for spelling in BRAND_BY_NAME[cred.brand].spellings:
        if cred.model.startswith(f"{spelling} "):
            return spelling, cred.model[len(spelling) + 1 :]
    return cred.model, cred.model


def _model_line(cred: Credential, user_word: str, rng: random.Random) -> str:
    if cred.login is None and rng.random() < 0.5:
        return f"Modelo: {cred.model} / senha: {cred.password}"
    return f"Modelo: {cred.model} / {user_word}: {cred.login or '-'} / senha: {cred.password}"


def _model_blocks(rows: Sequence[Credential], rng: random.Random) -> list[str]:
    """A block per router: its model alone on a line, then indented "login:" and "senha:"
    lines, a blank line between blocks."""
    indent = rng.choice(("  ", "    ", "\t", ""))
    user_word = rng.choice(("login", "usuário", "user"))
    lines: list[str] = []
    for r in rows:
        login = r.login or rng.choice(("(não tem, só senha)", "sem", "-"))
        lines += [r.model, f"{indent}{user_word}: {login}"]
        lines += [f"{indent}senha: {r.password}", ""]
    return lines[:-1]


def _dash_line(cred: Credential, dash: str, rng: random.Random) -> str:
    if cred.login is None:
        middle = rng.choice(("sem login", "login: -", "sem login (só senha)"))
        return f"{cred.model}{dash}{middle}{dash}senha: {cred.password}"
    return f"{cred.model}{dash}login: {cred.login}{dash}senha: {cred.password}"


def write_credential_sentence(cred: Credential, form: str, rng: random.Random) -> str:
    """One router's password told in a sentence; the password ends the line, nothing after it."""
    if form == "no_login":
        verb = rng.choice(("não tem usuário", "não possui login", "não tem login"))
        return f"O {cred.model} {verb}, a senha é {cred.password}"
    if form == "for_model":
        opening = rng.choice(("Para o", "Já para o", "para o"))
        return f"{opening} {cred.model} a senha é {cred.password}"
    raise ValueError(f"credential sentence must be one of {CREDENTIAL_SENTENCES[1:]}, got {form!r}")
