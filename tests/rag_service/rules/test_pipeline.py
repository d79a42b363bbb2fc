"""The rules on the real pipeline: read_sheet -> parse_sheet -> extract_facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
from ingest.reading import read_sheet
from ingest.records import Fact
from rag_service.rules import answer_by_rules
from tests.factories import NOT_RULE_QUESTIONS

# --- the real pipeline: read_sheet -> parse_sheet -> extract_facts -> rules ---------------------


@pytest.fixture(scope="module")
def pipeline(lasernet_path: Path, velocinet_path: Path) -> dict[str, list[Fact]]:
    out = {}
    for name, path in (("lasernet", lasernet_path), ("velocinet", velocinet_path)):
        out[name] = extract_facts(parse_sheet(read_sheet(path).text, name).units)
    return out


PIPELINE_CASES = [
    # (sheet, question, rule, value to copy or None, strings the answer must hold)
    ("lasernet", "senha do w5 1200g", "equipment_credentials", "Lnt12345@", []),
    ("lasernet", "iwr 3000", "equipment_credentials", "P=a5tr3NeL!w3000", []),
    ("lasernet", "Rf-1200", "equipment_credentials", "P=a5tr3NeL!f1200", []),
    ("lasernet", "senha gf 1200", "equipment_credentials", "lnt12345@", []),
    ("lasernet", "W4300F", "equipment_credentials", "Lnt12345@", ["W4- 300F"]),
    ("lasernet", "sennha do rf301k", "equipment_credentials", "a5tr3NeL301K", []),
    ("velocinet", "senha do hg6145f", "equipment_credentials", "vElOc!6145", []),
    ("velocinet", "login do ax 1500", "equipment_credentials", "Vel#2024ax", ["suporte"]),
    ("velocinet", "senha archer c6", "equipment_credentials", "Arch3r_c6", ["admin"]),
    ("lasernet", "qto custa 100 mega", "plan_price", "69,90", []),
    ("lasernet", "rádio 30", "plan_price", "69,90", []),
    ("lasernet", "plano de cinquenta mega", "plan_price", "49,90", []),
    ("velocinet", "1 giga", "plan_price", "R$ 149,90", []),
    ("velocinet", "qnto é o de 300 megas", "plan_price", "R$ 89,90", []),
    ("velocinet", "radio 5 mega", "plan_price", "45,00", []),
    ("lasernet", "plano mais rápido", "fastest_plan", "99,90", ["600MB"]),
    ("velocinet", "plano mais barato", "cheapest_plan", "45,00", ["5M"]),
    ("velocinet", "fibra mais barata", "cheapest_plan", "R$ 69,99", ["150 MEGA"]),
    ("lasernet", "planos de rádio", "plan_list", None, ["10M", "20M", "30M"]),
    ("velocinet", "tabela de preços", "plan_list", None, ["R$ 69,99", "45,00", "65,00"]),
    ("lasernet", "quanto custa a mudança de endereço", "fee", "20 reais", []),
    ("velocinet", "quanto custa a mudança de endereço", "fee", None, ["80,00"]),
    ("velocinet", "tem taxa de instalação?", "fee", None, ["100,00"]),
    ("lasernet", "a visita técnica é cobrada?", "fee", None, ["cobrado"]),
    ("velocinet", "visita tecnica improdutiva tem custo", "fee", None, ["50,00"]),
    ("lasernet", "com quantos dias bloqueia", "block_days", None, ["30 Dias", "35 Dias"]),
    ("velocinet", "bloqueio parcial", "block_days", "10 Dias", []),
    ("velocinet", "quando corta a internet", "block_days", "25 Dias", []),
    ("lasernet", "quantos dias de atraso pode liberar", "trust_release_days", None, ["35"]),
    ("velocinet", "desbloqueio de confiança limite", "trust_release_days", None, ["20"]),
    ("lasernet", "telefone", "contact", "(85)3276-5247", []),
    ("velocinet", "whats", "contact", "(85) 99123-0001", []),
    ("velocinet", "email", "contact", "suporte@velocinet.com.br", []),
    ("lasernet", "endereço da loja", "contact", None, ["Travessa Jonas Bezerra, 300"]),
    ("lasernet", "central do assinante", "contact", None, ["central.lasernet.net.br", "CPF"]),
    ("velocinet", "link do sistema", "contact", "https://erp.velocinet.com.br/login", []),
    ("lasernet", "site pra medir velocidade", "contact", "https://www.speedtest.net/pt", []),
    ("velocinet", "tem plantão?", "hours", None, ["08h às 12h"]),
    ("lasernet", "horário de funcionamento", "hours", None, ["Das 08h as 18h"]),
    ("lasernet", "porta de acesso", "access_port", "9020", []),
    ("velocinet", "qual a porta", "access_port", "8088", []),
    ("lasernet", "prazo de atendimento do suporte", "deadline", "48h", []),
    ("velocinet", "qual o prazo de atendimento?", "deadline", None, ["24h", "12h"]),
]


@pytest.mark.parametrize(("sheet", "question", "rule", "value", "texts"), PIPELINE_CASES)
def test_rules_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]],
    sheet: str,
    question: str,
    rule: str,
    value: str | None,
    texts: list[str],
) -> None:
    r = answer_by_rules(question, pipeline[sheet])
    assert r is not None, question
    assert (r.rule, r.status) == (rule, "answered"), (question, r)
    if value is not None:
        assert r.value == value
        assert value in (r.answer or "")
    for text in texts:
        assert text in (r.answer or ""), (text, r.answer)
    assert r.facts and all(f.provider == sheet for f in r.facts)


@pytest.mark.parametrize(
    ("sheet", "question", "rule"),
    [
        ("lasernet", "senha do archer c80", "equipment_credentials"),
        ("velocinet", "senha do w5 1200g", "equipment_credentials"),
        ("lasernet", "senha do rh1200", "equipment_credentials"),
        ("lasernet", "1 giga", "plan_price"),
        ("velocinet", "200 megas", "plan_price"),
        ("lasernet", "qual o e-mail", "contact"),
    ],
)
def test_not_found_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]], sheet: str, question: str, rule: str
) -> None:
    r = answer_by_rules(question, pipeline[sheet])
    assert r is not None and (r.rule, r.status) == (rule, "not_found")
    assert r.answer is None and r.caveats and not r.secret


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
def test_credential_caveat_comes_back_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]], sheet: str
) -> None:
    r = answer_by_rules("senha padrão do roteador", pipeline[sheet])
    assert r is not None and r.status == "answered" and not r.secret
    assert any("senha" in c.lower() and "padr" in c.lower() for c in r.caveats)
    creds = [f for f in pipeline[sheet] if f.kind == "credential"]
    assert not any(f.value in (r.answer or "") for f in creds), "no password without a model"
    # With one model named, its password comes back with the same caveat.
    named = answer_by_rules(f"senha padrão do roteador {creds[0].subject}", pipeline[sheet])
    assert named is not None and named.secret and named.value == creds[0].value
    assert set(r.caveats) <= set(named.caveats)


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize("question", NOT_RULE_QUESTIONS)
def test_questions_left_to_retrieval_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]], sheet: str, question: str
) -> None:
    assert answer_by_rules(question, pipeline[sheet]) is None
