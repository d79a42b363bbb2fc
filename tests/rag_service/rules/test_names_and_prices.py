"""Fixes found by the blind questions on the Markdown, tab and wide-gap sheets, in new words.

Every fact and sheet here is invented; none is a value of a shipped sheet.
"""

from __future__ import annotations

import pytest

import rag_service.answering.engine as engine_module
from ingest.index import load_version
from ingest.records import Fact
from rag_service.answering.engine import Engine
from rag_service.answering.unit_text import asks_price, misses_priced, states_price, withheld_price
from rag_service.rules import answer_by_rules
from rag_service.rules.registry import without_provider_name
from tests.factories import (
    HashEmbedder,
    build_index,
    contact,
    cred,
    fact,
    match_sheet_model,
    plan,
)

POLICY = "Nunca passar a senha de fábrica; trocar por uma do cliente."


def sheet_facts(provider: str = "ventania") -> list[Fact]:
    p = provider
    return [
        cred(p, "Zeta QX7310-B", "root", "Qx!7310#b", POLICY),
        cred(p, "Orla ZR45", None, "zr@45_x", POLICY),
        contact(p, "TELEFONE", "(11) 4000-1234", "phone"),
        contact(p, "SITE", "https://exemplo.invalid", "site"),
        fact(p, "deadline", "Prazo de atendimento do Suporte", "48h", {"hours": 48}),
        plan(p, "fibra", "300 Mega", "R$ 88,80"),
    ]


# --- the provider's own name is not a topic word ------------------------------------------------


@pytest.mark.parametrize("q", ["qual numero da ventania", "me passa o numero da ventaniA?"])
def test_number_of_the_provider_is_its_phone(q: str) -> None:
    answer = answer_by_rules(q, sheet_facts())
    assert answer is not None and answer.status == "answered" and answer.rule == "contact"
    assert "(11) 4000-1234" in (answer.answer or "")


def test_short_form_of_the_name_is_dropped_unless_the_facts_use_the_word() -> None:
    facts = sheet_facts("ventanianet")
    assert without_provider_name("numero da ventania", facts) == "numero da"
    # A provider called "fibra..." that sells fibre keeps the word: it is a plan technology.
    fibre = sheet_facts("fibrasul")
    assert without_provider_name("planos de fibra", fibre) == "planos de fibra"
    assert without_provider_name("site da fibrasul", fibre) == "site da"
    # "mega" of a provider called "mega..." is the speed its plans are written in ("50 MEGA").
    mega = [plan("megaacaua", "fibra", "100 MEGA", "R$ 59,90")]
    assert without_provider_name("quanto custa o 100 mega?", mega) == "quanto custa o 100 mega?"
    assert without_provider_name("site da megaacaua", mega) == "site da"


# --- "SLA" is the support deadline ----------------------------------------------------------------


def test_sla_asks_the_support_deadline() -> None:
    answer = answer_by_rules("qual sla do suporte tecnico", sheet_facts())
    assert answer is not None and answer.rule == "deadline" and "48h" in (answer.answer or "")


# --- asking leave to disclose the password is the policy -----------------------------------------


@pytest.mark.parametrize("q", ["devo informar a senha padrao?", "posso dizer a senha do modem?"])
def test_leave_to_disclose_without_customer_word_is_the_policy(q: str) -> None:
    answer = answer_by_rules(q, sheet_facts())
    assert answer is not None and answer.rule == "credential_policy"
    assert POLICY in (answer.answer or "")
    assert "Qx!7310#b" not in (answer.answer or "") and answer.value is None


def test_agent_asking_for_the_password_is_not_the_policy() -> None:
    answer = answer_by_rules("pode me passar a senha do qx7310", sheet_facts())
    assert answer is not None and answer.rule == "equipment_credentials"
    assert "Qx!7310#b" in (answer.answer or "")


# --- brand and a part of the model ---------------------------------------------------------------


def test_brand_and_part_of_the_model_name_the_model() -> None:
    creds = [f for f in sheet_facts() if f.kind == "credential"]
    match = match_sheet_model("login da zeta 7310", creds)
    assert match.tier == "evidence" and [f.value for f in match.facts] == ["Qx!7310#b"]
    answer = answer_by_rules("usuario zeta 7310", sheet_facts())
    assert answer is not None and answer.status == "answered" and "root" in (answer.answer or "")


@pytest.mark.parametrize(
    "q", ["senha zeta 7311", "senha zeta 731", "senha orla 4", "senha do 7311", "senha marca 4500"]
)
def test_brand_with_another_number_is_not_that_model(q: str) -> None:
    answer = answer_by_rules(q, sheet_facts())
    assert answer is None or answer.status == "not_found"
    text = f"{answer.answer if answer else ''}"
    assert "Qx!7310#b" not in text and "zr@45_x" not in text


# --- a price question answered by a unit with no price -------------------------------------------


def test_price_questions_and_price_answers() -> None:
    assert asks_price("qto cobra a visita?") and asks_price("valor da religacao")
    assert not asks_price("qto tempo demora a visita")
    assert asks_price("qto é o link dedicado") and asks_price("quanto fica a mudança")
    assert not asks_price("quantos dias de atraso")
    assert states_price("R$ 30,00") and states_price("Não, é gratuita") and states_price("2%")
    assert not states_price("72h") and not states_price("Abrir ocorrência no sistema")


SHEET = """Provedor Teste

SUPORTE

Qual prazo de atendimento do Suporte técnico?
R: 48h

Possui taxa de instalação?
R: Sim, R$ 150,00 à vista
"""


@pytest.fixture(scope="module")
def small_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("small")
    sheet = folder / "testenet.txt"
    sheet.write_text(SHEET, encoding="utf-8")
    index_dir = folder / "index"
    build_index(index_dir, [sheet], HashEmbedder())
    return Engine(load_version(index_dir), HashEmbedder(), "lexical")  # type: ignore[arg-type]


def test_price_of_something_the_sheet_only_has_a_deadline_for_is_not_found(
    small_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "preco do atendimento do suporte"
    body = small_engine.ask(question).to_dict()
    assert body["status"] == "not_found", body
    # Without the price checks the deadline would have been given as the price.
    monkeypatch.setattr(engine_module, "misses_priced", lambda question, text: False)
    assert small_engine.ask(question).to_dict()["status"] == "not_found"  # the score's check
    monkeypatch.setattr(engine_module, "PRICE_MISMATCH", 1.0)
    assert small_engine.ask(question).to_dict()["answer"] == "48h"


def test_price_question_answered_by_a_price_keeps_its_confidence(small_engine: Engine) -> None:
    body = small_engine.ask("valor pra instalar").to_dict()
    assert body["status"] == "answered" and "150,00" in (body["answer"] or "")


def test_a_letter_before_a_version_suffix_is_not_that_model() -> None:
    """ "tv3" is not "V3" typed with a letter more: one letter is the whole of that word, so the
    Archer AX15 V3's password never answers it (a near model found by generated sheets)."""
    facts = [
        cred("x", "Archer AX15 V3", None, "Jrm=153#86", ""),
        cred("x", "TX9", "admin", "t9!", ""),
    ]
    answer = answer_by_rules("senha do tv3", facts)
    assert answer is None or answer.status == "not_found"
    assert answer is None or "Jrm=153#86" not in (answer.answer or "")


def test_the_sentence_about_what_is_asked_says_its_amount_is_not_here() -> None:
    text = (
        "Na fibra o de trezentos mega sai a 99,90 e o de um giga 199,90. Plano empresarial e "
        "link dedicado é com o comercial, a gente não tem os valores."
    )
    assert withheld_price("preco link dedicado empresa", text) == (
        "Plano empresarial e link dedicado é com o comercial, a gente não tem os valores."
    )
    assert withheld_price("qto custa o de trezentos mega", text) is None  # it has an amount


@pytest.mark.parametrize(
    ("question", "text", "misses"),
    [
        ("taxa de religacao dps do bloqueio total", "Bloqueio total: 20 dias", True),
        ("cobra pra reconfigurar?", "Abrir OS de reconfiguração, cobrada na fatura.", False),
        ("taxa de religacao", "Religação: R$ 30,00", False),  # an amount: the rules decide
        ("qual o valor", "Bloqueio total: 20 dias", False),  # nothing named to miss
    ],
)
def test_a_price_asked_of_what_a_text_never_names(question: str, text: str, misses: bool) -> None:
    assert misses_priced(question, text) is misses


def test_a_fee_asked_beside_a_block_is_no_day_count() -> None:
    facts = [
        fact(
            "x",
            "day_threshold",
            "Bloqueio total",
            "20 dias",
            {"days": 20, "threshold": "total_block"},
        )
    ]
    assert answer_by_rules("taxa de religacao dps do bloqueio total", facts) is None
    r = answer_by_rules("bloqueio total com quantos dias", facts)
    assert r is not None and r.rule == "block_days"
