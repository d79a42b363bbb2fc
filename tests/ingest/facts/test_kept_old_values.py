"""A technician's hurried sheet (blind round 13): old values kept beside new ones, arrows,
abbreviations ("s/ user", "c/ IP fixo"), prices with a decimal point, promotions."""

from __future__ import annotations

from ingest.analysis import parse_money
from ingest.outdated import current_lines, is_outdated
from ingest.parsing.lines import is_question
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts

_HURRIED = (
    "PROVEDOR Y\n\n"
    "Planos vendidos?\n"
    "  FIBRA (tabela nova):\n"
    "\t• 150MB -> R$74,9\n"
    "\t• 300MB de R$ 114,90 por R$ 94,90 até 31/01\n"
    "\t• 500MB -> 124.90\n"
    "\t• Empresarial 600MB c/ IP fixo -> 219 reais (só c/ CNPJ)\n"
    "  tabela 2023 - ANTIGO - NÃO USAR:\n"
    "\t- 100MB 65,00 / 200MB 85,00\n\n"
    "Taxa inst.?\n"
    "    -> c/ fidelidade 12 meses = isenta\n"
    "    -> s/ fidelidade = R$ 180,00 (parcela em até 3x)\n"
    "    -> taxa inst. R$ 150 - desatualizado\n\n"
    "User e senha padrão equipamentos?\n"
    "    • TP-Link Archer C6 -> admin / Qf@C6#2023!\n"
    "    • Tenda AC10 (user: admin | senha: Tnd&Qrs_10ac)\n"
    "    • Mercusys MR30G -> s/ user, só senha / MeRc*30g!Qf\n"
    '      Huawei senha "admintelecom" - ANTIGO - NÃO USAR (trocaram em nov)\n'
    "    • Huawei HG8145V5 -> telecomadmin / Hw#8145v5@Qtel\n"
)


def test_an_old_value_marked_so_gives_no_fact() -> None:
    assert is_outdated("taxa inst. R$ 150 - desatualizado")
    assert is_outdated('Huawei senha "x" - ANTIGO - NÃO USAR (trocaram em nov)')
    assert not is_outdated("Rádio só p/ clientes antigos da zona rural")
    assert not is_outdated("onu huawei antiga hg8245")
    assert not is_outdated("plano antigo, so manutencao. NAO vender p/ cliente novo")
    held = current_lines(["FIBRA:", "tabela 2023 - ANTIGO:", "100MB 65,00", "RÁDIO:", "8M = 64,50"])
    assert held == ["FIBRA:", None, None, "RÁDIO:", "8M = 64,50"]
    assert current_lines(["Valor: ~~R$ 94,90~~ R$ 87,90"]) == ["Valor: R$ 87,90"]


def test_routers_after_arrows_with_no_login_or_a_bracketed_note() -> None:
    assert set(_credentials(_HURRIED)) == {
        ("TP-Link Archer C6", "admin", "Qf@C6#2023!"),
        ("Tenda AC10", "admin", "Tnd&Qrs_10ac"),
        ("Mercusys MR30G", None, "MeRc*30g!Qf"),
        ("Huawei HG8145V5", "telecomadmin", "Hw#8145v5@Qtel"),
    }


def test_plans_with_a_point_a_promotion_and_what_they_include() -> None:
    plans = {
        f.attrs["speed_mbps"]: (f.value, f.attrs.get("note")) for f in _facts(_HURRIED, "plan")
    }
    assert set(plans) == {150.0, 300.0, 500.0, 600.0}  # the old table is not the sheet's
    assert plans[300.0] == ("R$ 94,90", "de R$ 114,90 por R$ 94,90 até 31/01")
    assert plans[500.0][0] == "124.90"
    assert plans[600.0][0] == "219 reais"
    assert parse_money("R$ 79.90") == 79.9 and parse_money("R$ 1.234") == 1234.0


def test_cases_of_the_question_s_fee_are_named_by_it() -> None:
    fees = {f.subject: f.attrs["amount"] for f in _facts(_HURRIED, "fee")}
    assert fees == {
        "Taxa inst. — s/ fidelidade": 180.0,
        "Taxa inst. — c/ fidelidade 12 meses": None,
    }


def test_slashed_words_ask_and_a_labelled_unknown_does_not() -> None:
    assert is_question("Cidades/bairros?")
    assert not is_question("obs: Coivaras ñ atende ainda, previsão ???")
    assert not is_question("senha: ab/cd?")
