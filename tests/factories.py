"""Shared test data: sheet paths, a fake embedder, facts built by hand, indexes built by ingest.

Facts here follow the contract of ``ingest.records`` and hold the shipped sheets' values (tests
may hold values; code never does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ingest.analysis import analyze, model_key, parse_money, parse_speed_mbps
from ingest.cli import main as ingest_main
from ingest.facts import SECRET_KINDS, extract_facts
from ingest.index import current_version
from ingest.parsing import parse_sheet
from ingest.reading import read_sheet
from ingest.records import Fact, stable_id
from rag_service.rules import REGISTRY, RuleAnswer, answer_by_rules
from rag_service.rules.catalog import credentials
from rag_service.rules.models import ModelMatch, match_model
from rag_service.rules.question import Question

ROOT = Path(__file__).resolve().parent.parent
LASERNET = ROOT / "corpus" / "lasernet.txt"
DATA = Path(__file__).resolve().parent / "data"
VELOCINET = DATA / "velocinet.txt"


class HashEmbedder:
    """Deterministic bag-of-stems embedder: same text, same vector; shared stems, closer."""

    def __init__(self, dim: int = 64, name: str = "test-hash-embedder") -> None:
        self.dim = dim
        self.name = name
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in analyze(text) or ["<empty>"]:
                bucket = int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim
                out[row, bucket] += 1.0
            out[row] /= np.linalg.norm(out[row])
        return out

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)


# --- indexes and facts made by ingest --------------------------------------------------------


def build_index(index_dir: Path, sheets: list[Path], embedder: HashEmbedder) -> str:
    """Publish a version of ``sheets`` into ``index_dir`` through the ingest CLI; its name."""
    code = ingest_main(
        [*map(str, sheets), "--index-dir", str(index_dir), "--quiet"], embedder=embedder
    )
    assert code == 0, f"ingest failed with {code}"
    version = current_version(index_dir)
    assert version is not None
    return version


def units_of_sheet(text: str) -> list[tuple[str, str | None, str]]:
    """(kind, question, answer) of each unit a sheet's text parses into."""
    return [(u.kind, u.question, u.answer) for u in parse_sheet(text, "x").units]


def facts_of_kind(text: str, kind: str | None = None) -> list[Fact]:
    """The facts of a sheet's text, of one kind (all with None)."""
    return [f for f in facts_of(text) if kind in (None, f.kind)]


def credentials_of(text: str) -> list[tuple[str, object, str]]:
    """(model, login, password) of each credential a sheet's text gives, in sheet order."""
    return [(f.subject, f.attrs["login"], f.value) for f in facts_of_kind(text, "credential")]


def facts_of(path_or_text: Path | str, provider: str = "x") -> list[Fact]:
    """The facts ingest extracts from a sheet file, or from a sheet's text."""
    if isinstance(path_or_text, Path):
        provider = path_or_text.stem if provider == "x" else provider
        text = read_sheet(path_or_text).text
    else:
        text = path_or_text
    parsed = parse_sheet(text, provider)
    return extract_facts(parsed.units, parsed.line_map)


def of_kind(facts: Sequence[Fact], kind: str) -> list[Fact]:
    """The facts of one kind."""
    return [f for f in facts if f.kind == kind]


def sheet_line(path: Path, number: int) -> str:
    """Line ``number`` (1-based) of a sheet file, as written."""
    return path.read_text(encoding="utf-8").split("\n")[number - 1]


# --- facts built by hand ----------------------------------------------------------------------

_line = iter(range(1, 10_000))


def fact(
    provider: str,
    kind: str,
    subject: str,
    value: str,
    attrs: Mapping[str, object],
    caveats: tuple[str, ...] = (),
) -> Fact:
    n = next(_line)
    return Fact(
        id=stable_id(provider, kind, subject, value),
        provider=provider,
        kind=kind,
        subject=subject,
        value=value,
        unit_id=stable_id(provider, str(n)),
        lines=(n, n),
        attrs=dict(attrs),  # type: ignore[arg-type]
        caveats=caveats,
        secret=kind in SECRET_KINDS,
    )


def plan(p: str, tech: str, speed: str, price: str) -> Fact:
    attrs = {"technology": tech, "speed_mbps": parse_speed_mbps(speed), "price": parse_money(price)}
    return fact(p, "plan", speed, price, attrs)


def cred(p: str, model: str, login: str | None, password: str, caveat: str) -> Fact:
    attrs = {"login": login, "model_key": model_key(model)}
    return fact(p, "credential", model, password, attrs, (caveat,))


def fee(p: str, subject: str, value: str, charged: bool, caveats: tuple[str, ...] = ()) -> Fact:
    return fact(
        p, "fee", subject, value, {"amount": parse_money(value), "charged": charged}, caveats
    )


def days(p: str, subject: str, value: str, threshold: str, caveats: tuple[str, ...] = ()) -> Fact:
    attrs = {"days": int(value.split()[0]), "threshold": threshold}
    return fact(p, "day_threshold", subject, value, attrs, caveats)


def contact(p: str, subject: str, value: str, ctype: str, login_rule: str | None = None) -> Fact:
    return fact(p, "contact", subject, value, {"contact_type": ctype, "login_rule": login_rule})


LNT_NO_PASS = (
    "Não passar acesso padrão, caso o cliente solicitar a senha pode realizar a troca da senha de "
    "acesso ao roteador para uma de preferência do cliente e registrar no sistema"
)
LNT_VISIT = "Não informar o cliente, apenas em casos onde for possível constatar o dano causado"


def lasernet_facts() -> list[Fact]:
    p = "lasernet"
    out = [plan(p, "fibra", s, v) for v, s in [
        ("49,90", "50MB"), ("59,90", "75MB"), ("69,90", "100MB"), ("79,90", "200MB"),
        ("89,90", "400MB"), ("99,90", "600MB"),
    ]]  # fmt: skip
    out += [plan(p, "radio", "10M", "49,90"), plan(p, "radio", "20M", "59,90")]
    out += [plan(p, "radio", "30M", "69,90")]
    out += [cred(p, m, login, pw, LNT_NO_PASS) for m, login, pw in [
        ("W4- 300F", "admin", "Lnt12345@"), ("W5-1200G", "admin", "Lnt12345@"),
        ("IWR3000", None, "P=a5tr3NeL!w3000"), ("RG1200", None, "P=a5tr3NeL!g1200"),
        ("RF1200", None, "P=a5tr3NeL!f1200"), ("GF1200", None, "lnt12345@"),
        ("RF301K", None, "a5tr3NeL301K"), ("INTELBRAS", "admin", "Lnt12345@"),
    ]]  # fmt: skip
    out += [
        fact(p, "access_port", "Porta de acesso aos roteadores", "9020", {"port": 9020}),
        fee(p, "Troca de senha / abrir OS", "não é cobrado", False),
        fee(p, "Reset", "não é cobrado", False),
        fee(p, "Visita técnica improdutiva", "Não é cobrado, só em casos em que o cliente "
            "danificar o equipamento", False, (LNT_VISIT,)),
        fee(p, "Mudança de ponto ou endereço", "20 reais", True),
        days(p, "Bloqueio Parcial (Redução)", "30 Dias", "partial_block"),
        days(p, "Bloqueio Total", "35 Dias", "total_block"),
        days(p, "Desbloqueio de confiança: não liberar com mais de", "35 DIAS",
             "max_days_late_release", ("Não soma os dias de várias faturas, apenas "
                                       "considera-se da mais antiga",)),
        contact(p, "SITE", "https://www.speedtest.net/pt", "speedtest_site"),
        contact(p, "SISTEMA", "http://170.82.44.23:8000/accounts/login?", "system_url"),
        contact(p, "CENTRAL DO ASSINANTE", "https://central.lasernet.net.br/accounts/central/login",
                "subscriber_portal",
                "Login é o CPF do cliente e a senha é o ID do contrato do cliente"),
        contact(p, "ENDEREÇO", "Travessa Jonas Bezerra, 300 - Barroso - Fortaleza-CE", "address"),
        contact(p, "TELEFONE", "(85)3276-5247", "phone"),
        contact(p, "WHATSAPP", "(85) 98887-9808", "whatsapp"),
        contact(p, "SITE", "http://170.82.44.20/", "site"),
        fact(p, "hours", "Horário de atendimento da UPCALL", "De Segunda à Sábado Das 08h às 18h "
             "Somente Transbordo", {}),
        fact(p, "hours", "Plantão aos finais de semana e feriado", "Não", {}),
        fact(p, "hours", "HORÁRIO", "De Segunda a Sábado Das 08h as 18h", {}),
        fact(p, "deadline", "Prazo de atendimento do Suporte, residencial e corporativo", "48h",
             {"hours": 48}),
    ]  # fmt: skip
    return out


VEL_NO_PASS = (
    "Nunca informar a senha padrão ao cliente. Se ele pedir, trocar a senha de acesso para uma "
    "escolhida por ele."
)


def velocinet_facts() -> list[Fact]:
    p = "velocinet"
    out = [plan(p, "fibra", s, v) for s, v in [
        ("150 MEGA", "R$ 69,99"), ("300 MEGA", "R$ 89,90"), ("500 MEGA", "R$ 109,90"),
        ("1 GIGA", "R$ 149,90"),
    ]]  # fmt: skip
    out += [plan(p, "radio", "5M", "45,00"), plan(p, "radio", "15M", "65,00")]
    out += [cred(p, m, login, pw, VEL_NO_PASS) for m, login, pw in [
        ("AX1500-V", "suporte", "Vel#2024ax"), ("HG6145F", None, "vElOc!6145"),
        ("ARCHER C6", "admin", "Arch3r_c6"),
    ]]  # fmt: skip
    out += [
        fact(p, "access_port", "Porta de acesso aos roteadores", "8088", {"port": 8088}),
        fee(p, "Taxa de instalação", "R$ 100,00 parcelado em até 2x no boleto", True),
        fee(p, "Reset", "abrir OS sem custo", False),
        fee(p, "Visita técnica improdutiva", "R$ 50,00 quando o problema for nos equipamentos "
            "do cliente", True, ("Informar ao cliente antes de agendar a visita",)),
        fee(p, "Mudança de endereço", "R$ 80,00", True),
        days(p, "Bloqueio Parcial (Redução)", "10 Dias", "partial_block"),
        days(p, "Bloqueio Total", "25 Dias", "total_block"),
        days(p, "Não liberar com mais de", "20 DIAS", "max_days_late_release"),
        contact(p, "Site para medir velocidade", "https://www.nperf.com/pt/", "speedtest_site"),
        contact(p, "SISTEMA", "https://erp.velocinet.com.br/login", "system_url"),
        contact(p, "CENTRAL DO ASSINANTE", "https://minha.velocinet.com.br", "subscriber_portal",
                "O login é o e-mail do cliente e a senha são os 6 primeiros dígitos do CPF"),
        contact(p, "ENDEREÇO", "Rua das Acácias, 1500 - Centro - Maracanaú-CE", "address"),
        contact(p, "TELEFONE", "(85) 3021-4455", "phone"),
        contact(p, "WHATSAPP", "(85) 99123-0001", "whatsapp"),
        contact(p, "E-MAIL", "suporte@velocinet.com.br", "email"),
        contact(p, "SITE", "https://www.velocinet.com.br", "site"),
        fact(p, "hours", "Horário de atendimento da UPCALL", "De Segunda a Sexta Das 18h às 08h, "
             "Sábados e Domingos 24h", {}),
        fact(p, "hours", "Plantão aos finais de semana e feriado",
             "Sim, aos sábados das 08h às 12h", {}),
        fact(p, "hours", "HORÁRIO", "Segunda a Sexta Das 08h às 18h", {}),
        fact(p, "deadline", "Prazo de atendimento do Suporte, residencial e corporativo",
             "24h para residencial e 12h para corporativo", {"hours": 24}),
    ]  # fmt: skip
    return out


SHEETS = {"lasernet": lasernet_facts(), "velocinet": velocinet_facts()}


def ask(sheet: str, question: str) -> RuleAnswer | None:
    return answer_by_rules(question, SHEETS[sheet])


def answered(sheet: str, question: str, rule: str) -> RuleAnswer:
    r = ask(sheet, question)
    assert r is not None, question
    assert (r.rule, r.status) == (rule, "answered"), (question, r)
    return r


def made_up_facts() -> list[Fact]:
    p = "zeta"
    return [
        plan(p, "fibra", "250 MEGA", "R$ 77,70"),
        plan(p, "fibra", "2 GIGA", "R$ 199,00"),
        plan(p, "cabo", "40M", "33,30"),
        cred(p, "ZX-900Q", "root", "Zz!900q_X", "Só informar ao técnico."),
        cred(p, "ZX900R", None, "zZ?900r", "Só informar ao técnico."),
        fact(p, "access_port", "Porta", "7547", {"port": 7547}),
        fee(p, "Taxa de instalação", "grátis na fidelidade", False),
        fee(p, "Transferência de endereço", "R$ 35,00", True),
        cred(p, "K2-500", None, "k2#Pass", "Só informar ao técnico."),
        days(p, "Bloqueio Parcial", "12 Dias", "partial_block"),
        days(p, "Bloqueio Total", "45 Dias", "total_block"),
        contact(p, "TEL", "(11) 4000-0000", "phone"),
        fact(p, "hours", "HORÁRIO", "Todos os dias das 07h às 23h", {}),
        fact(p, "deadline", "Prazo do suporte", "72h", {"hours": 72}),
    ]


# Questions no rule may answer on the two template sheets (procedures, foreign topics).
NOT_RULE_QUESTIONS = [
    "cliente quer cancelar",
    "como prosseguir em casos de cancelamento?",
    "qual o procedimento para comprovante",
    "qual o procedimento para pagamento invertido?",
    "mudança de endereço onde eu abro",  # where to open it: a procedure
    "como fazer mudança de endereço",
    "qual a capital da frança",
    "bom dia",
    "",
    "???",
    "podemos enviar fatura pelo whatsapp?",
    "podemos fazer o desbloqueio de confiança?",
    "cliente bloqueado, como desbloquear?",
    "cliente com 300 mega está lento",
    "cliente quer mudar de plano",
    "como trocar a senha do roteador",
    "senha do wifi",
    "quais métodos de pagamento da fatura?",
    "qual DNS padrão?",
    "quais cidades/bairros de atuação?",
    "presta suporte a repetidores?",
    "prazo de instalação",
    "cliente pagou R$ 20 em 35 dias",
    "qto custa 300",
    "possui atendimento presencial?",
    # Not in these sheets: no rule may answer them with a near fact.
    "tem ip fixo?",
    "velocidade de download do plano de 200",
    "o plano de 300 mega tem fidelidade?",
    "taxa de reativação",
    "quais bairros a empresa cobre",
    "cliente pode ir até a loja?",
    "fora do horário comercial quem atende?",
    "horário do financeiro",
]


def match_sheet_model(question: str, creds: Sequence[Fact]) -> ModelMatch:
    """The model a question names among these credentials, as the credential rule reads it."""
    words = REGISTRY.context(credentials.RULE).not_entity
    return match_model(Question.read(question), list(creds), words)
