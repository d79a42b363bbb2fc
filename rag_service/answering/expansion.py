"""Query expansion: a small thesaurus of Portuguese ISP call-centre vocabulary.

How it was built: from the words agents use on calls for the topics every operating sheet of the
template covers (contracting, moving, paying, invoices, blocking and unblocking, support visits,
speed tests, coverage, opening hours, in-person service), each group lists the everyday words,
chat abbreviations and the sheet's own formal terms for ONE idea. Groups hold general words
only, never a provider's value (no prices, models, names or numbers). A word may sit in several
groups; its expansions are the union.

Expanded terms are a second, lighter query: the retriever scores them apart and adds them with
a lower weight, so the agent's own words always count most. The vocabulary check of the
confidence uses the same expansion: a word is known to a sheet when one of its synonyms is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.analysis import fold, stem, words

MONTHS = (
    "janeiro", "fevereiro", "marco", "abril", "maio", "junho",
    "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
)  # fmt: skip

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # Becoming a customer.
    ("contratar", "contratacao", "assinar", "assinatura", "aderir", "adesao", "instalar"),
    # Moving house or moving the equipment.
    ("mudar", "mudou", "mudanca", "mudando", "casa", "endereco", "rua", "ponto", "comodo"),
    # Paying.
    ("pagar", "pagto", "pagamento", "pagou", "quitar", "pago"),
    # Pausing the service a while (a trip, a season away).
    ("pausar", "pausa", "congelar", "viajar", "viagem", "viajando"),
    # Still the same after something was done.
    ("continua", "permanece", "segue", "ainda"),
    ("forma", "meio", "metodo", "opcao"),
    # Ways to pay: a sheet lists the ones it takes; a question may name one it does not.
    ("pix", "boleto", "cartao", "credito", "debito", "dinheiro", "deposito"),
    # Paying at once or in instalments ("pode parcelar?" is answered by "à vista").
    ("parcelar", "parcelado", "parcela", "parcelas", "parcelamento", "vista"),
    # Invoices ("2 via" and "segunda via" are read as phrases below).
    ("fatura", "boleto", "carne", "conta", "cobranca", "mensalidade"),
    ("enviar", "envia", "mandar", "manda", "mandou", "encaminhar"),
    ("mes", *MONTHS),
    ("seguinte", "subsequente", "proximo"),
    ("antiga", "antigo", "velha", "velho"),
    ("util", "uteis"),
    # In person.
    ("loja", "presencial", "pessoalmente", "escritorio", "sede", "fisica", "fisico"),
    # Speed and its test.
    ("lenta", "lento", "lentidao", "velocidade", "testar", "teste", "medir", "rapido"),
    # Technical support and its deadline.
    ("tecnico", "visita", "suporte", "prazo", "demora", "sla"),
    ("conexao", "tecnologia"),
    # Access technologies: asking for one names the topic of the technologies offered.
    ("tecnologia", "fibra", "radio", "cabo", "satelite"),
    # Where the provider works.
    ("cobertura", "area", "regiao", "cidade", "bairro", "atuacao", "localidade"),
    # Payments mixed up.
    ("engano", "errado", "errada", "invertido", "inversao"),
    ("agendamento", "agendado", "agendar"),
    ("comprovante", "recibo", "print", "foto", "screenshot"),
    # Passing the call on to another team.
    ("transferir", "transfiro", "transfere", "transferimos", "repassar"),
    # Unblocking and blocking for late payment.
    ("desbloquear", "desbloqueio", "liberar", "liberacao", "confianca"),
    ("cortar", "cortou", "cortada", "bloquear", "bloqueio", "bloqueado", "suspenso"),
    ("reduzir", "reducao", "reduzida", "parcial"),
    ("atraso", "atrasado", "vencido", "vencida", "devendo", "inadimplente"),
    # What something costs.
    ("cobrar", "cobra", "cobrado", "taxa", "custo", "custa", "preco", "valor"),
    # Opening hours.
    ("horario", "hora", "funcionamento", "abre", "fecha", "expediente", "manha"),
    ("plantao", "feriado"),
    # Outside the opening hours ("depois das 18h", "fora do horário").
    ("fora", "depois", "apos"),
    ("roteador", "equipamento", "aparelho", "wifi"),
    ("quebrou", "quebrado", "quebrar", "danificar", "danificou", "estragou", "dano"),
    ("trabalha", "trabalham", "oferece", "oferecida", "fornece", "vende", "vendida"),
    ("otica", "optica"),
    ("usar", "usa", "usam", "utiliza", "utilizado"),
    ("avisar", "aviso", "informar", "comunicar"),
    ("resetar", "reset", "reiniciar", "resetou"),
    ("cancelar", "cancelamento", "desistir", "desistencia", "rescindir", "rescisao"),
    ("trocar", "troca", "alterar", "mudar"),
)

# Multi-word expressions agents type for one idea, with the words they stand for.
PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("2 via", ("fatura", "boleto")),
    ("2a via", ("fatura", "boleto")),
    ("segunda via", ("fatura", "boleto")),
)

# Expressions whose words say one thing none of them says alone: retrieval reads the idea in
# their place ("cliente não quer mais a internet" is a cancellation; its "não" and "mais" would
# otherwise find "NÃO LIBERAR COM MAIS DE N DIAS").
# Giving up the plan, the internet or the service is cancelling it, not a question on plans.
IDIOMS: tuple[tuple[str, str], ...] = (
    (r"nao (?:quer|quero|deseja) mais", "cancelar"),
    (r"encerrar (?:o )?contrato", "cancelar"),
    (r"desistir d[oa] (?:plano|internet|servico|contrato)", "cancelar"),
    # Pressing the button behind the router is resetting it.
    (
        r"apert\w* (?:o |no )?bota\w*(?: \w+){0,4}? (?:roteador|modem|aparelho|equipamento|onu)",
        "resetou o roteador",
    ),
    # Paying one bill and leaving an earlier one open is an inverted payment.
    (
        r"pag\w+ (?:\w+ ){0,4}?(?:e|mas) (?:deixou|esqueceu)(?: \w+){0,5}? (?:em )?aberto",
        "pagamento invertido",
    ),
    # Slang for a slow connection ("a net tá uma carroça", "uma tartaruga", "se arrastando").
    (r"(?:uma )?(?:carroca|tartaruga|lesma)|se arrastando|muito devagar", "lenta"),
)
_IDIOMS = tuple((re.compile(rf"\b{words}\b"), idea) for words, idea in IDIOMS)


def read_idioms(text: str) -> str:
    """The question with each idiom's words replaced by the idea they say, for retrieval (the
    question as it was when it has none)."""
    folded, found = fold(text), 0
    for pattern, idea in _IDIOMS:
        folded, n = pattern.subn(idea, folded)
        found += n
    return folded if found else text


@lru_cache(maxsize=1)
def _stem_groups() -> dict[str, frozenset[str]]:
    """Each stem of the thesaurus -> the stems of every group it belongs to."""
    out: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        stems = {stem(w) for w in group}
        for s in stems:
            out.setdefault(s, set()).update(stems)
    return {s: frozenset(group) for s, group in out.items()}


def synonyms(token: str) -> frozenset[str]:
    """The stems that mean the same as the stem ``token`` (itself excluded)."""
    return _stem_groups().get(token, frozenset()) - {token}


def phrase_stems(text: str) -> list[str]:
    """Stems of the phrases found in the text ("2 via do boleto" -> the invoice words)."""
    padded = f" {' '.join(words(text))} "
    raw = f" {fold(text)} "
    out: list[str] = []
    for phrase, meaning in PHRASES:
        if f" {phrase} " in padded or f" {phrase} " in raw:
            out.extend(stem(w) for w in meaning)
    return out


def expand(query_tokens: list[str], text: str = "") -> list[str]:
    """The expansion of analysed query tokens: synonyms not already in the query, in order.

    ``text`` (the raw question) adds the stems of multi-word phrases.
    """
    present = set(query_tokens)
    out: list[str] = []
    candidates = [s for t in query_tokens for s in sorted(synonyms(t))]
    candidates.extend(phrase_stems(text) if text else [])
    for token in candidates:
        # Stems are compared, not words: "fora" stems to "for", which is also a stop word.
        if token not in present:
            present.add(token)
            out.append(token)
    return out
