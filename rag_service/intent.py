"""Reading an agent's question for the rules: the kind words, in one table, matched tolerantly.

The table holds Portuguese WORDS only (folded, no accents), never a sheet's values. An entry
ending in ``*`` is a prefix ("cobr*" covers cobra, cobrado, cobrança). Longer words tolerate
one typing slip (Damerau-Levenshtein 1: "bloqeio", "sennha", "whatsap").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ingest.text import STOPWORDS, analyze, fold, words

# Every group the rules ask about. Why a word is here is said next to the group.
VOCAB: dict[str, frozenset[str]] = {
    # Credentials: the words for the password/login itself ...
    "password": frozenset({"senha*", "login", "logins", "logar", "usuario*", "credencia*"}),
    # ... "acesso" only counts next to an equipment word or a model ("acesso ao roteador").
    "access": frozenset({"acesso", "acessos", "acessar"}),
    "equipment": frozenset(
        {"roteador*", "equipamento*", "aparelho*", "padrao", "padroes", "modelo*", "marca"}
    ),
    # A password question about something that is not a router: not a credential fact.
    "not_router": frozenset(
        {
            "wifi",
            "rede",
            "internet",
            "central",
            "assinante",
            "portal",
            "sistema",
            "cpf",
            "contrato",
            "erp",
            "sgp",
            "email",
            "mail",
        }
    ),
    # Changing / resetting / being charged: a procedure or fee question, not "give me the password".
    "change": frozenset(
        {
            "troca*",
            "trocar",
            "alter*",
            "mudar",
            "muda",
            "mudanca*",
            "esquec*",
            "esqueci*",
            "redefin*",
            "reset*",
            "upgrade",
            "downgrade",
            "migra*",
        }
    ),
    # "Can we give the password to the customer?" is policy, retrieval shows the policy text.
    "policy": frozenset(
        {"pode", "posso", "podemos", "informar", "passar", "fornecer", "repassar", "avis*"}
    ),
    "customer": frozenset({"cliente", "clientes", "assinante"}),
    # Questions about how to proceed: never a single fact.
    "procedure": frozenset(
        {
            "procedimento*",
            "tratativa*",
            "proceder",
            "prosseguir",
            "cancel*",
            "comprovante*",
            "invertido",
            "inversao",
            "transferir",
            "transfere",
        }
    ),
    "how": frozenset({"como"}),
    "port": frozenset({"porta", "portas", "port"}),
    # Day thresholds.
    "block": frozenset({"bloqu*"}),
    "cut": frozenset(
        {"corta", "cortar", "corte", "cortada", "cortado", "cortam", "cortou", "suspen*"}
    ),
    "reduce": frozenset({"reduz*", "reduc*"}),
    "partial": frozenset({"parcial*"}),
    "total": frozenset({"total*"}),
    "release": frozenset({"libera*", "desbloque*", "desbloq*", "confianca"}),
    "days": frozenset(
        {"dia", "dias", "atraso*", "atrasad*", "quantos", "limite*", "maximo", "max", "vencid*"}
    ),
    "when": frozenset({"quando"}),
    # Money: a fee or a price question.
    "charge": frozenset(
        {
            "taxa*",
            # Not "cobr*": "cobre", "cobrem", "cobertura" are about coverage.
            "cobra",
            "cobram",
            "cobrar",
            "cobrad*",
            "cobranc*",
            "cobrou",
            "cobro",
            "custo*",
            "custa*",
            "valor",
            "valores",
            "preco*",
            "paga",
            "pago",
            "pagar",
            "pagam",
            "gratis",
            "gratuit*",
            "quanto",
        }
    ),
    # Plans.
    "plan": frozenset(
        {"plano", "planos", "pacote*", "mensalidade*", "contratar", "contratacao", "assinar"}
    ),
    "list": frozenset(
        {
            "quais",
            "lista*",
            "tabela*",
            "todos",
            "todas",
            "opcao",
            "opcoes",
            "disponive*",
            "vend*",
            "oferec*",
            "valores",
            "precos",
        }
    ),
    "cheap": frozenset({"barat*", "economic*"}),
    "fast": frozenset({"rapid*", "veloz", "velozes"}),
    "expensive": frozenset({"caro", "cara", "caros"}),
    "more": frozenset({"mais", "maior", "melhor"}),
    "less": frozenset({"menor", "menos"}),
    "speed": frozenset({"velocidade*"}),
    # Moving to another plan: a number right after these words is a plan speed ("subir pra 400").
    "upgrade": frozenset(
        {"aument*", "subir", "sobe", "upgrade", "downgrade", "diminu*", "baixar", "migra*"}
    ),
    # A speed in a question about a problem is a support question, not a price question.
    "problem": frozenset(
        {
            "lent*",
            "caindo",
            "cai",
            "oscila*",
            "problema*",
            "ruim",
            "chega",
            "passa",
            "teste*",
            "medir",
            "travando",
        }
    ),
    # Contacts.
    # "fixo" alone is not a phone ("ip fixo"): only next to "numero" ("numero fixo").
    "phone": frozenset({"telefone*", "ligar", "ligacao", "liga"}),
    "number": frozenset({"numero", "numeros"}),
    "number_context": frozenset(
        {"contato", "empresa", "provedor", "loja", "suporte", "ligar", "atendimento", "fixo"}
    ),
    "whatsapp": frozenset({"whatsapp"}),
    "address": frozenset({"endereco", "enderecos", "localizacao"}),
    # A place is asked for its address only with "onde"/"fica" ("onde fica a loja"), not in
    # "que horas a loja fecha" or "cliente pode ir na loja?".
    "place": frozenset({"loja", "lojas", "sede", "escritorio"}),
    "where": frozenset({"onde"}),
    "located": frozenset({"fica", "ficam", "localiza*"}),
    "site": frozenset({"site", "sites", "pagina", "website", "homepage"}),
    "email": frozenset({"email", "emails", "mail", "correio"}),
    "system": frozenset({"sistema", "erp", "sgp"}),
    "portal": frozenset({"portal", "assinante"}),
    "central": frozenset({"central"}),
    "speedtest": frozenset({"speedtest"}),
    "measure": frozenset({"teste*", "testar", "medir", "medicao", "mede", "medidor"}),
    "contacts": frozenset({"contato", "contatos", "canais", "canal"}),
    "link": frozenset({"link", "url", "site", "endereco", "acesso", "acessar", "login", "entrar"}),
    # Doing something through a channel ("enviar fatura pelo whatsapp") is a procedure.
    "channel_action": frozenset(
        {
            "enviar",
            "envia",
            "envio",
            "mandar",
            "manda",
            "fatura",
            "registrar",
            "anexar",
            "ocorrencia",
            "abrir",
            "via",
        }
    ),
    # Hours.
    "hours": frozenset({"horario*", "expediente", "funcionamento"}),
    "oncall": frozenset({"plantao", "plantoes"}),
    # Words every hours label may carry: they do not pick one hours fact over another.
    "hours_generic": frozenset(
        {
            "atendimento",
            "atender",
            "atende",
            "semana",
            "segunda",
            "sexta",
            "dia",
            "dias",
            "loja",
            "lojas",
            "escritorio",
            "sede",
            "comercial",
        }
    ),
    "opens": frozenset(
        {
            "funciona",
            "funcionam",
            "funcionando",
            "atendimento",
            "abre",
            "abrem",
            "fecha",
            "fecham",
            "atende",
            "atendem",
            "aberto",
            "aberta",
            "fechado",
            "fechada",
        }
    ),
    "time": frozenset(
        {"hora", "horas", "sabado*", "domingo*", "feriado*", "fim", "final", "noite", "cedo"}
    ),
    # Deadline.
    "deadline": frozenset({"prazo*", "demora*"}),
    "time_amount": frozenset({"tempo"}),
    # "em quantas horas ..." with a verb of getting the job done is a deadline question.
    "how_many": frozenset({"quanto", "quantos", "quantas", "qts", "qtd"}),
    "time_unit": frozenset({"hora", "horas", "dia", "dias", "minutos"}),
    "resolve": frozenset(
        {"resolv*", "atend*", "vem", "vir", "chega*", "retorn*", "consert*", "arrum*", "visita*"}
    ),
}

# General Portuguese words agents use for what a sheet names with another word: the sheet's
# word (key) and the question words that mean it ("mudou de casa" is a "mudança de endereço",
# "mudar de cômodo" a "mudança de ponto", "o técnico foi" a "visita técnica").
SYNONYMS: dict[str, frozenset[str]] = {
    "endereco": frozenset(
        {
            "casa",
            "casas",
            "residencia*",
            "rua",
            "ruas",
            "bairro*",
            "cidade*",
            "imovel",
            "apartamento*",
        }
    ),
    "ponto": frozenset({"comodo*", "quarto*", "sala", "salas", "cozinha", "lugar", "parede"}),
    "mudanca": frozenset({"mover", "moveu", "movendo", "mexer", "reloca*", "troca*", "trocar"}),
    "transferencia": frozenset({"mud*", "mover", "moveu", "movendo"}),
    "visita": frozenset({"tecnico", "tecnicos"}),
    "suporte": frozenset({"tecnico", "tecnicos", "assistencia"}),
    "instalacao": frozenset({"instalar", "instala", "instalou"}),
    "religacao": frozenset({"religar", "religa", "reativa*", "reconect*"}),
}

# Words that say nothing about the subject: dropped before comparing a question with a fact.
FILLER = frozenset(
    {
        "qual",
        "quais",
        "quanto",
        "quantos",
        "quanta",
        "cliente",
        "clientes",
        "quer",
        "quero",
        "queria",
        "querendo",
        "saber",
        "sabe",
        "precisa",
        "preciso",
        "gostaria",
        "deseja",
        "pergunta",
        "perguntando",
        "tem",
        "possui",
        "existe",
        "ha",
        "sera",
        "seria",
        "vai",
        "fica",
        "sai",
        "informa",
        "informar",
        "passa",
        "passar",
        "me",
        "favor",
        "ai",
        "la",
        "sim",
        "ok",
        "empresa",
        "provedor",
        "internet",
        "caso",
        "outro",
        "outra",
        "outros",
        "outras",
        "novo",
        "nova",
        "agora",
        "hoje",
        "valor",
        "valores",
        "r",
        "reais",
        "real",
    }
)

# Real words one slip away from a vocabulary word: never read as that word.
_NOT_TYPOS = frozenset(
    {
        "venha",
        "tenha",
        "lenha",
        "sonha",
        "senhor",
        "senhora",
        "cobre",
        "cobrem",
        "cobrir",
        "cobria",
        "quarto",
        "quartos",
    }
)
# Five-letter words important enough to tolerate a slip ("sanha", "sennha").
_FUZZY_SHORT = frozenset({"senha"})


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    entries = {w.rstrip("*") for group in VOCAB.values() for w in group}
    return frozenset(entries | FILLER | STOPWORDS | _NOT_TYPOS)


@lru_cache(maxsize=4096)
def matches_entry(token: str, entry: str) -> bool:
    """Does a question token match a vocabulary entry (word or ``prefix*``), one slip allowed."""
    if entry.endswith("*"):
        prefix = entry[:-1]
        if token.startswith(prefix):
            return True
        if len(prefix) < 5 or token in _known_words():
            return False
        n = len(prefix)
        return any(damerau_levenshtein(token[:k], prefix) <= 1 for k in (n - 1, n, n + 1))
    if token == entry:
        return True
    if token in _known_words() or abs(len(token) - len(entry)) > 1:
        return False
    if len(entry) >= 6 or entry in _FUZZY_SHORT:
        return len(token) >= 5 and damerau_levenshtein(token, entry) <= 1
    return False


@dataclass(frozen=True)
class Question:
    """A question read once: its text, folded words and analysed stems."""

    text: str
    tokens: tuple[str, ...]
    raw_tokens: tuple[str, ...]

    @classmethod
    def read(cls, text: str) -> Question:
        return cls(
            text=text,
            tokens=tuple(words(text)),
            raw_tokens=tuple(re.findall(r"[a-z0-9]+", fold(text))),
        )

    def has(self, group: str) -> bool:
        """True when any token of the question matches a word of the group."""
        entries = VOCAB[group]
        return any(matches_entry(t, e) for t in self.tokens for e in entries)

    def has_any(self, *groups: str) -> bool:
        return any(self.has(g) for g in groups)

    def matching(self, *groups: str) -> set[str]:
        """The question's tokens that belong to any of the groups."""
        entries = [e for g in groups for e in VOCAB[g]]
        return {t for t in self.tokens if any(matches_entry(t, e) for e in entries)}

    def phrase(self, first: str, second: str) -> bool:
        """A word of group ``first`` directly followed (stop words skipped) by one of ``second``."""
        content = [t for t in self.tokens if t not in STOPWORDS or t in {"mais", "nao"}]
        pairs = itertools.pairwise(content)
        return any(
            any(matches_entry(a, e) for e in VOCAB[first])
            and any(matches_entry(b, e) for e in VOCAB[second])
            for a, b in pairs
        )

    def content(self, *ignore_groups: str) -> list[str]:
        """Tokens that are neither stop words, filler, numbers, single letters ("q" for "que")
        nor in the ignored groups."""
        ignored = self.matching(*ignore_groups) if ignore_groups else set()
        return [
            t
            for t in self.tokens
            if t not in STOPWORDS
            and t not in FILLER
            and t not in ignored
            and not t.isdigit()
            and len(t) > 1
            and t not in {"mb", "gb"}
        ]


def stems(tokens: list[str] | str) -> set[str]:
    """Stems of some words (or a text), for comparing a question with a fact's subject."""
    text = tokens if isinstance(tokens, str) else " ".join(tokens)
    return {s for s in analyze(text) if len(s) >= 2 and not s.isdigit()}


def stem_overlap(a: set[str], b: set[str]) -> set[str]:
    """Stems of ``a`` that meet ``b``, equal or one the prefix of the other ("mud"/"mudanc").

    The prefix must be at least half of the longer stem: "fin" (finais) is not "financeir".
    """
    hits = set()
    for x in a:
        for y in b:
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            prefix = len(short) >= 3 and 2 * len(short) >= len(long_) and long_.startswith(short)
            if x == y or prefix:
                hits.add(x)
    return hits


def _expanded(word: str) -> set[str]:
    """The stems of a question word and of the sheet words it is a synonym of."""
    targets = [key for key, ws in SYNONYMS.items() if any(matches_entry(word, e) for e in ws)]
    return stems([word, *targets])


class SubjectMatch(NamedTuple):
    """How well a question's content words meet a fact's subject."""

    question_hits: int  # question words that meet the subject (directly or by a synonym)
    subject_hits: int  # subject stems met by the question
    question_words: int  # question words compared


def match_subject(question_words: list[str], subject: str) -> SubjectMatch:
    """Compare a question's content words with a fact's subject, synonyms included."""
    subject_stems = stems(subject)
    per_word = {w: _expanded(w) for w in dict.fromkeys(question_words)}
    per_word = {w: ss for w, ss in per_word.items() if ss}
    question_hits = sum(1 for ss in per_word.values() if stem_overlap(ss, subject_stems))
    every = set().union(*per_word.values()) if per_word else set()
    return SubjectMatch(question_hits, len(stem_overlap(subject_stems, every)), len(per_word))
