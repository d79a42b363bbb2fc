"""Sheets exported from other tools (blind round 14): an old helpdesk system's TXT (dot leaders,
rules across the page, numbered titles without "?", routers grouped under their maker, prices
said "89 e 90"), a Google Docs Markdown export (backslash escapes, links, HTML cells with
paragraphs), list items that price something in a sentence."""

from __future__ import annotations

from ingest.analysis import parse_money
from ingest.parsing.markup import leader_as_colon, links_as_text, strip_markup
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units

_HELPDESK = (
    "======================================================================\n"
    " PROVEDOR X - FICHA                                       rev. 01/2025\n"
    "======================================================================\n"
    "PROVEDOR............: PROVEDOR X\n"
    "----------------------------------------------------------------------\n"
    "HORARIO DE ATENDIMENTO CENTRAL\n"
    "----------------------------------------------------------------------\n"
    "SEG A SEX...........: 07h30 às 19h00 SOMENTE TRANSBORDO\n"
    "SABADO..............: 08h às 13h SOMENTE TRANSBORDO\n"
    "======================================================================\n"
    " PERGUNTAS FREQUENTES\n"
    "======================================================================\n"
    "02) QUAIS OS PLANOS VENDIDOS?\n"
    "Resp.:\n"
    "FIBRA\n"
    "    110 MEGA ............ R$ 71,90/mês\n"
    "    220 MEGA ............ 83 e 40\n"
    "    1 GIGA .............. 187 e 10  (vai c/ roteador wifi 6)\n"
    "\n"
    "06) PORTA DE ACESSO AOS ROTEADORES\n"
    "PORTA PADRAO........: 8123\n"
    "PORTA ONU..: 8443 (https)\n"
    "\n"
    "07) USUÁRIO E SENHA PADRÃO DOS EQUIPAMENTOS\n"
    "----------------------------------------------------------------------\n"
    "MARCA / MODELO          LOGIN            SENHA PADRÃO\n"
    "----------------------------------------------------------------------\n"
    "INTELBRAS\n"
    "    W9-900Q             admin            Qx#9!aa\n"
    "    RF 700 (Nuvem)      -                nUv.Rf7@x\n"
    "ZTE\n"
    "    F999Z               multi            Zz&9_q?\n"
    "----------------------------------------------------------------------\n"
    "\n"
    "08) SEM ACESSO P/ TROCAR A SENHA E PRECISAR ABRIR OS, É COBRADO?\n"
    "-> Pode abrir OS. É cobrado R$ 27,00 na próxima fatura, avisar o\n"
    "cliente antes de abrir.\n"
    "\n"
    "13) PRAZO DE ATENDIMENTO DO SUPORTE\n"
    "RESIDENCIAL.........: 30h\n"
    "CORPORATIVO.........: ?? (confirmar c/ supervisor)\n"
    "\n"
    "14) CUSTO DA VISITA TÉCNICA IMPRODUTIVA?\n"
    "-> R$ 55,00 qdo o tecnico vai e o problema é do cliente.\n"
    "\n"
    "23) MÉTODOS DE PAGAMENTO DA FATURA?\n"
    "-> Boleto c/ PIX copia e cola.\n"
    "Debito automatico: ???\n"
)


def test_dot_leaders_are_a_colon() -> None:
    assert leader_as_colon("SITE................: www.x.com") == "SITE: www.x.com"
    assert leader_as_colon("PORTA ONU..: 8443") == "PORTA ONU: 8443"
    assert leader_as_colon("WHATSAPP FINANCEIRO.: (11) 9999-0000") == (
        "WHATSAPP FINANCEIRO: (11) 9999-0000"
    )
    assert leader_as_colon("    220 MEGA ............ 83 e 40") == "    220 MEGA: 83 e 40"
    assert leader_as_colon("Aguarde... depois ligue") == "Aguarde... depois ligue"
    assert leader_as_colon("Cj.Hw#82!") == "Cj.Hw#82!"


def test_a_price_said_in_reais_and_cents() -> None:
    assert parse_money("83 e 40") == 83.4
    assert parse_money("R$ 187 e 10") == 187.1
    assert parse_money("69 reais e 90 centavos") == 69.9
    assert parse_money("10 e 20 dias") == 10.0  # days, not money
    plans = {f.attrs["speed_mbps"]: (f.value, f.attrs["price"]) for f in _facts(_HELPDESK, "plan")}
    assert plans == {
        110.0: ("R$ 71,90", 71.9),
        220.0: ("83 e 40", 83.4),
        1000.0: ("187 e 10", 187.1),
    }


def test_routers_grouped_under_their_maker_between_rules() -> None:
    assert set(_credentials(_HELPDESK)) == {
        ("INTELBRAS W9-900Q", "admin", "Qx#9!aa"),
        ("INTELBRAS RF 700 (Nuvem)", None, "nUv.Rf7@x"),
        ("ZTE F999Z", "multi", "Zz&9_q?"),
    }


def test_rules_and_numbered_titles_set_the_items_apart() -> None:
    units = _units(_HELPDESK)
    asked = {q: a for _, q, a in units if q}
    # A caps "label: value" line is no title; an arrow line is never a wrap of the line above.
    assert asked["PORTA PADRAO"] == "8123"
    assert asked["SEM ACESSO P/ TROCAR A SENHA E PRECISAR ABRIR OS, É COBRADO?"].startswith(
        "Pode abrir OS. É cobrado R$ 27,00"
    )
    # "?? (confirmar ...)" and "Debito automatico: ???" leave their questions blank.
    assert asked["CORPORATIVO"] == ""
    assert asked["Debito automatico"] == ""
    ports = {f.subject: f.attrs["port"] for f in _facts(_HELPDESK, "access_port")}
    assert ports == {"PORTA PADRAO": 8123, "PORTA ONU": 8443}


def test_the_numbered_title_is_the_section_of_its_item_only() -> None:
    sections = {q: s for s, q, _ in _units_with_sections(_HELPDESK) if q}
    assert sections["RESIDENCIAL"] == "13) PRAZO DE ATENDIMENTO DO SUPORTE"
    assert sections["CUSTO DA VISITA TÉCNICA IMPRODUTIVA?"] == "PERGUNTAS FREQUENTES"


def _units_with_sections(text: str) -> list[tuple[str, str | None, str]]:
    from ingest.parsing import parse_sheet

    return [(u.section, u.question, u.answer) for u in parse_sheet(text, "x").units]


_GOOGLE_DOCS = (
    "# **PROVEDOR Y**\n\n"
    "**Possui taxa de instalação?**\n\n"
    "* Isenta com fidelidade de 12 meses  \n"
    "* Sem fidelidade: R\\$ 333,00 (pode parcelar em até 3x)\n\n"
    "**Presta Suporte a Repetidores?**\n\n"
    "* Sim. Vendemos ponto mesh Zeta em comodato por R\\$ 17,70/mês adicional na fatura.  \n"
    "* Repetidor comprado pelo clt nao damos suporte\n\n"
    "**Como prosseguir em casos de cancelamento?**\n\n"
    "* Equipamento tem que ser devolvido em até 10 dias, senão é cobrado R\\$ 271,00\n\n"
    "**Qual usuário e senha padrão para acesso aos equipamentos?**\n\n"
    "| Equipamento | Login | Senha |\n"
    "| :---- | :---- | :---- |\n"
    "| TP\\-Link Archer Z9 | admin | Yy\\#Tp\\_Z9.1 |\n\n"
    "<table>\n"
    "<tr><td><p>CENTRAL DO ASSINANTE</p></td><td><p>[https://central.y.com.br](https://central.y.com.br)</p>"
    "<p>Login é o CPF</p></td></tr>\n"
    "<tr><td><p>SITE</p></td><td><p>[www.y.com.br](https://www.y.com.br)</p></td></tr>\n"
    "</table>\n"
)


def test_backslash_escapes_and_links_as_the_text_shows_them() -> None:
    text = strip_markup(_GOOGLE_DOCS).text
    assert "R$ 333,00" in text and "\\" not in text.replace("\\|", "")
    assert set(_credentials(_GOOGLE_DOCS)) == {("TP-Link Archer Z9", "admin", "Yy#Tp_Z9.1")}
    assert links_as_text("[a@y.com](mailto:a@y.com)") == "a@y.com"
    assert links_as_text("veja [o site](https://y.com/a)") == "veja o site (https://y.com/a)"
    contacts = {f.subject: f.value for f in _facts(_GOOGLE_DOCS, "contact")}
    assert contacts["SITE"] == "https://www.y.com.br"
    # One cell's paragraphs stay apart.
    assert contacts["CENTRAL DO ASSINANTE"].startswith("https://central.y.com.br / Login")


def test_list_items_that_price_or_free_in_a_sentence() -> None:
    fees = {(f.subject, f.attrs["amount"], f.attrs["charged"]) for f in _facts(_GOOGLE_DOCS, "fee")}
    assert ("Taxa de instalação", None, False) in fees  # "Isenta com fidelidade ..."
    assert ("Taxa de instalação — Sem fidelidade", 333.0, True) in fees
    assert ("Presta Suporte a Repetidores", 17.7, True) in fees
    # "..., senão é cobrado R$ 271,00" charges; the question names where.
    assert ("Prosseguir em casos de cancelamento", 271.0, True) in fees


def test_values_that_look_like_other_shapes_stay_values() -> None:
    """What the generated sheets at scale found: a password ending in "?" after a login, a
    caps credential line over a lower-case one, a password opening like a speed, dots against
    a colon inside a password."""
    from ingest.parsing.lines import cell_shape, is_question

    assert not is_question("MR68G: admin / GSU-tMV5W?")
    assert cell_shape("79M!kEk#") == "" and cell_shape("100 MEGA (com mesh)") == "speed"
    assert leader_as_colon("| Fiberlink 613 | root | mgWBVkq/.: |").endswith("mgWBVkq/.: |")
    lines = (
        "PROVEDOR W\n\nQual usuário e senha padrão para acesso aos equipamentos?\nR:\n"
        "usuário/senha:\nNokia G-240W-F: root / zBjz.4?=\nDM985-424: (SEM USUARIO) / QL@U%S\n"
        "INTELBRAS IWR 7753N: telecomadmin / Rdv40#\nMR68G: admin / GSU-tMV5W?\n"
    )
    assert set(_credentials(lines)) == {
        ("Nokia G-240W-F", "root", "zBjz.4?="),
        ("DM985-424", None, "QL@U%S"),
        ("INTELBRAS IWR 7753N", "telecomadmin", "Rdv40#"),
        ("MR68G", "admin", "GSU-tMV5W?"),
    }
