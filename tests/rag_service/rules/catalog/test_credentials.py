"""The credential rule: exact passwords by model, the policy, unknown and ambiguous models."""

from __future__ import annotations

import pytest

from ingest.analysis import model_key
from ingest.records import Fact
from rag_service.rules import answer_by_rules
from tests.factories import (
    SHEETS,
    answered,
    ask,
    fact,
    facts_of,
)

# --- credentials -------------------------------------------------------------------------------

CREDENTIAL_CASES = [
    ("lasernet", "senha do w5 1200g", "W5-1200G", "Lnt12345@"),
    ("lasernet", "iwr 3000", "IWR3000", "P=a5tr3NeL!w3000"),
    ("lasernet", "qual a senha do IWR-3000?", "IWR3000", "P=a5tr3NeL!w3000"),
    ("lasernet", "W4300F", "W4- 300F", "Lnt12345@"),
    ("lasernet", "Rf-1200", "RF1200", "P=a5tr3NeL!f1200"),
    ("lasernet", "senha rg 1200", "RG1200", "P=a5tr3NeL!g1200"),
    ("lasernet", "login do gf1200", "GF1200", "lnt12345@"),
    ("lasernet", "senha do intelbras", "INTELBRAS", "Lnt12345@"),
    ("lasernet", "w5-1200g", "W5-1200G", "Lnt12345@"),
    ("lasernet", "sennha do rf301k", "RF301K", "a5tr3NeL301K"),
    ("lasernet", "sanha do rf301", "RF301K", "a5tr3NeL301K"),  # missing letter: containment
    ("lasernet", "senha irw3000", "IWR3000", "P=a5tr3NeL!w3000"),  # swapped letters: one edit
    ("lasernet", "senha rgg1200", "RG1200", "P=a5tr3NeL!g1200"),  # extra letter: one edit
    ("lasernet", "senha rf 120O", "RF1200", "P=a5tr3NeL!f1200"),  # letter O for zero
    ("velocinet", "senha do ax1500", "AX1500-V", "Vel#2024ax"),
    ("velocinet", "usuario e senha do HG 6145F", "HG6145F", "vElOc!6145"),
    ("velocinet", "acesso ao archer c6", "ARCHER C6", "Arch3r_c6"),
    ("velocinet", "hg6145 senha", "HG6145F", "vElOc!6145"),  # missing letter
    ("velocinet", "senha do archer", "ARCHER C6", "Arch3r_c6"),  # partial name
    ("lasernet", "qual a senha do w4", "W4- 300F", "Lnt12345@"),  # partial name
    (
        "lasernet",
        "cliente esqueceu a senha da rede, o roteador é rf1200",
        "RF1200",
        "P=a5tr3NeL!f1200",
    ),
    ("velocinet", "cliente trocou o aparelho por um ax1500, senha?", "AX1500-V", "Vel#2024ax"),
]


@pytest.mark.parametrize(("sheet", "question", "model", "password"), CREDENTIAL_CASES)
def test_credentials_exact_password(sheet: str, question: str, model: str, password: str) -> None:
    r = answered(sheet, question, "equipment_credentials")
    assert [f.subject for f in r.facts] == [model]
    assert r.value == password  # character for character
    assert password in (r.answer or "")
    assert r.secret is True
    assert r.caveats == list(r.facts[0].caveats) and r.caveats
    # The policy is read first, then the credential.
    assert (r.answer or "").startswith(r.caveats[0])


def test_credentials_login_shown_when_the_sheet_has_one() -> None:
    r = answered("velocinet", "login do ax1500-v", "equipment_credentials")
    assert "login: suporte" in (r.answer or "")


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question", ["senha padrão do roteador", "qual usuário e senha dos equipamentos?", "senha?"]
)
def test_password_without_model_is_the_policy_and_the_models(sheet: str, question: str) -> None:
    """No model named: the sheet's policy and its models to choose from, never a password."""
    r = answered(sheet, question, "credential_policy")
    creds = [f for f in SHEETS[sheet] if f.kind == "credential"]
    assert not r.facts and not r.secret and r.value is None
    assert not any(f.value in (r.answer or "") for f in creds)
    assert (r.answer or "").startswith(r.caveats[0])
    assert r.suggestions == list(dict.fromkeys(f.subject for f in creds))
    assert all(f.subject in (r.answer or "") for f in creds)


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question",
    ["o cliente pediu a senha do modem dele", "qual a senha pra acessar o aparelho do cliente"],
)
def test_password_without_model_starts_with_the_policy(sheet: str, question: str) -> None:
    r = answered(sheet, question, "credential_policy")
    policy = next(c for f in SHEETS[sheet] if f.kind == "credential" for c in f.caveats)
    assert (r.answer or "").splitlines()[0] == policy
    assert policy in r.caveats


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question",
    [
        "posso passar a senha do roteador pro cliente?",
        "é possível informar ao cliente a senha do roteador?",
        "podemos informar a senha padrão pro assinante?",
    ],
)
def test_policy_question_answers_the_policy_without_a_password(sheet: str, question: str) -> None:
    r = answered(sheet, question, "credential_policy")
    creds = [f for f in SHEETS[sheet] if f.kind == "credential"]
    assert r.answer == creds[0].caveats[0]
    assert not r.secret and r.value is None and not r.facts
    assert not any(f.value in (r.answer or "") for f in creds)


def test_policy_question_on_a_sheet_without_policy_falls_back() -> None:
    attrs = {"login": "admin", "model_key": model_key("AB-100")}
    no_policy = [fact("x", "credential", "AB-100", "Ab!100", attrs)]
    assert answer_by_rules("posso passar a senha do roteador pro cliente?", no_policy) is None
    r = answer_by_rules("senha do ab100", no_policy)
    assert r is not None and r.answer == "AB-100 — login: admin — senha: Ab!100"


@pytest.mark.parametrize(
    ("sheet", "question"),
    [
        ("lasernet", "senha do archer c80"),
        ("velocinet", "senha do w5 1200g"),
        ("lasernet", "senha do tplink"),
    ],
)
def test_unknown_model_is_not_found_with_the_sheet_models(sheet: str, question: str) -> None:
    r = ask(sheet, question)
    assert r is not None and r.status == "not_found" and r.rule == "equipment_credentials"
    assert r.answer is None and r.value is None and not r.secret and not r.facts
    for f in SHEETS[sheet]:
        if f.kind == "credential":
            assert f.subject in r.caveats[0]
            assert f.value not in r.caveats[0]


@pytest.mark.parametrize(
    ("sheet", "question"),
    [
        ("lasernet", "senha do rg1300"),  # a changed digit is another model
        ("lasernet", "iwr 3001 senha"),
        ("lasernet", "senha iwr30000"),  # an extra digit too
        ("lasernet", "gf120 senha"),  # and a missing one
        ("lasernet", "senha w5 1300g"),
        ("lasernet", "senha do w6"),
        ("velocinet", "senha do ax1600"),
        ("velocinet", "hg6154f senha"),  # swapped digits
    ],
)
def test_model_with_other_numbers_is_not_found(sheet: str, question: str) -> None:
    r = ask(sheet, question)
    assert r is not None and (r.rule, r.status) == ("equipment_credentials", "not_found"), r
    assert not r.facts and not r.secret and r.answer is None
    creds = [f for f in SHEETS[sheet] if f.kind == "credential"]
    assert all(f.subject in r.caveats[0] and f.value not in r.caveats[0] for f in creds)


@pytest.mark.parametrize("question", ["senha do rh1200", "senha do 1200", "senha r1200"])
def test_model_one_edit_from_several_is_ambiguous(question: str) -> None:
    r = ask("lasernet", question)
    assert r is not None and r.status == "not_found", r
    assert "RF1200" in r.caveats[0] and "RG1200" in r.caveats[0]
    assert not r.facts and not r.secret


def test_exact_model_wins_over_near_ones() -> None:
    for model in ("RF1200", "RG1200", "GF1200"):
        r = answered("lasernet", f"senha {model.lower()}", "equipment_credentials")
        assert [f.subject for f in r.facts] == [model]


def _router(model: str, password: str) -> Fact:
    attrs = {"login": "admin", "model_key": model_key(model)}
    return fact("zeta", "credential", model, password, attrs)


ROUTERS = [
    _router("TP-LINK Archer AX54", "Ax54!pw"),
    _router("TP-Link Archer A21 V3", "A21v3?pw"),
    _router("Archer A90 V3", "A90v3#pw"),
    _router("Archer C5 V4", "C5v4#pw"),
    _router("Intelbras W4-1200F", "W4:1200?"),
    _router("Fiberhome AN5506-04-FA", "an/5506"),
    _router("Datacom DM985-100", "dm=985"),
    _router("AC7", "ac7@pw"),
    _router("AC6", "ac6@pw"),
    _router("Archer C43 V5", "c43v5!"),
    _router("DM989-106", "dm106="),
]


@pytest.mark.parametrize(
    ("question", "password"),
    [
        ("qual a senha p/ acessar o ArcherAX54", "Ax54!pw"),  # words joined
        ("qual a senha do Archer A-90 V3?", "A90v3#pw"),  # a code's letter is not "a"
        ("senha do W41200F", "W4:1200?"),  # hyphen left out
        ("qual a senha p/ acessar o AN550604-FA", "an/5506"),
        ("senha do AN-5506 04FA", "an/5506"),  # split elsewhere
        ("qual a senha p/ acessar o DM 985100", "dm=985"),
        ("cliente tem um AC-7, qual a senha?", "ac7@pw"),
        ("cliente tem um tplink archer ax 54, qual a senha?", "Ax54!pw"),
        ("qual a senha p/ acessar o Archer C 43-V-5", "c43v5!"),  # a lone letter of the code
        ("qual a senha p/ acessar o 989- 106", "dm106="),
        ("O 989-106 tem qual senha?", "dm106="),  # "O" is the article
    ],
)
def test_a_model_typed_with_other_separators_is_that_model(question: str, password: str) -> None:
    r = answer_by_rules(question, ROUTERS)
    assert r is not None and (r.rule, r.status) == ("equipment_credentials", "answered"), r
    assert r.value == password


@pytest.mark.parametrize(
    "question",
    ["senha do W41300F", "senha do archer ax55", "senha do AC-8", "senha do archer c4"],
)
def test_separators_ignored_never_make_another_number_fit(question: str) -> None:
    r = answer_by_rules(question, ROUTERS)
    assert r is None or r.value is None, (question, r)


DASH_LINES = """Acme

Qual usuário e senha padrão para acesso aos equipamentos?
R:
Archer C5 V4 – login: support – senha: q@8/K?
FIBERLINK 501 – sem login – senha: Brt12126#
F673AV9 – login: Admin – senha: x=brt57!6739

É possível informar ao cliente a senha do roteador?
R: Não. Apenas alterar a senha do Wi-Fi a pedido do cliente
"""


def test_a_password_ending_in_a_question_mark_keeps_the_list_together_and_out_of_policies() -> None:
    facts = facts_of(DASH_LINES, "acme")
    creds = [f for f in facts if f.kind == "credential"]
    assert [(f.subject, f.value) for f in creds] == [
        ("Archer C5 V4", "q@8/K?"),
        ("FIBERLINK 501", "Brt12126#"),
        ("F673AV9", "x=brt57!6739"),
    ]
    assert all(
        f.caveats == ("Não. Apenas alterar a senha do Wi-Fi a pedido do cliente",) for f in creds
    )
    for question in (
        "posso informar a senha do roteador p/ o cliente?",
        "qual a senha do roteador?",
    ):
        r = answer_by_rules(question, facts)
        assert r is not None and r.value is None, question
        assert not any(f.value in (r.answer or "") for f in creds), question


def test_a_router_named_by_words_is_found_by_its_own_word_beside_others() -> None:
    from tests.factories import cred

    facts = [
        cred("x", "Deco Norte", None, "Mm!3-Dn", "Não passar"),
        cred("x", "huawei EG8145X6", "Epuser", "Zz@91#x.", "Não passar"),
    ]
    r = answer_by_rules("senha do app do deco mesh", facts)
    assert r is not None and (r.status, r.value) == ("answered", "Mm!3-Dn")
    # A number is never dropped: a model with another number stays not found.
    r = answer_by_rules("senha huawei eg8245x6", facts)
    assert r is not None and r.status == "not_found" and r.value is None
