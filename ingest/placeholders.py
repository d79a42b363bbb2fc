"""Answers that only hold a place: nothing written yet, or written that nothing is known.

One notion for ingest (a question so answered is left blank; lint lists it) and for the
service (retrieval's best unit that opens by saying nothing is known abstains, quoting it).
"""

from __future__ import annotations

import re

from ingest.analysis import fold

# Answers that only hold a place: nothing written yet, or written that nothing is known.
_PLACEHOLDERS = {
    "n/a",
    "n/d",
    "a definir",
    "a confirmar",
    "a preencher",
    "pendente",
    "em breve",
    "xxx",
    "tbd",
    "nao informado",
    "nao informada",
    "sem informacao",
    "nao consta",
    "nao sei",
    "verificar",
}
_WORDLESS = re.compile(r"^[\W_]*$")
# "?? (confirmar c/ supervisor, ninguem soube)", "??? - ver depois": marks of not knowing,
# then a note about the gap.
_UNKNOWN_MARK = re.compile(r"^\s*\?{2,}(?:\s|$)")


# "Provedor não informou", "ainda não informado pelo técnico", "(não passaram)", "sem
# definição": a sentence saying that what was asked is not known (folded).
# "Não sabemos, nunca passaram", "Perguntei ao provedor e ainda não responderam": nobody
# here knows it.
_NOT_KNOWN = re.compile(
    r"^(?:[\w.]+\s+){0,4}?(?:ainda\s+)?(?:nao|sem)\s+(?:foi\s+|foram\s+|nos\s+)?"
    r"(?:informad[oa]s?|informou|informaram|passad[oa]s?|passou|passaram|definid[oa]s?"
    r"|definicao|definiram|informacao|divulgad[oa]s?|responderam|respondeu|retornaram)\b"
    r"|^(?:[\w.]+\s+){0,2}?(?:ainda\s+)?nao\s+(?:sabemos|sei)(?:\s+(?:ainda|isso|informar))?"
    r"\s*(?:[,.;!]|$)"
    # "isso ai vou ver com o Diego", "vou confirmar e te falo": the answer is yet to come.
    r"|^(?:[\w.]+\s+){0,3}?vou\s+(?:ver|verificar|confirmar|checar|perguntar"
    r"|consultar)\b"
    # "to na rua, depois te escrevo": the answer is promised for later.
    r"|^(?:[\w.]+\s+){0,4}?depois\s+(?:te\s+|lhe\s+|eu\s+)?(?:escrevo|falo|passo|mando|respondo)\b"
    # "a ser definido em aditivo", "a serem informados pelo financeiro".
    r"|^(?:[\w.]+\s+){0,2}?a\s+ser(?:em)?\s+(?:definid|informad|confirmad|enviad|passad)[oa]s?\b"
)
_MAX_PLACEHOLDER_WORDS = 10
_SENTENCE_END = re.compile(r"[.;!]\s+|\s+[—–]\s+")


def is_placeholder(answer: str) -> bool:
    """An answer with no word or number ("-", "—", "...", "?") or one that only says nothing is
    known ("não informado", "a definir", "Provedor não informou.", "??? (não passaram)"): the
    question is left blank. "Não tem" is an answer."""
    text = _bare(answer)
    if _WORDLESS.match(text) or text in _PLACEHOLDERS or _UNKNOWN_MARK.match(answer):
        return True
    one_sentence = len(_SENTENCE_END.split(text)) == 1
    short = len(text.split()) <= _MAX_PLACEHOLDER_WORDS
    return one_sentence and short and _NOT_KNOWN.match(text) is not None


# "Quanto ao IPv6, a informação não foi disponibilizada pelo Setor Técnico": a sentence whose
# clause says that what it is about was not given (folded).
_INFO_NOT_GIVEN = re.compile(
    r"\b(?:a\s+)?informac(?:ao|oes)\s+(?:ainda\s+)?nao\s+(?:foi|foram)\s+"
    r"(?:disponibilizad|informad|passad|repassad|divulgad)"
)


def opens_not_known(answer: str) -> bool:
    """Whether an answer's first sentence says that nothing is known ("Não informado. O
    comercial passa a data no retorno.", "..., a informação não foi disponibilizada."): what
    follows is about the gap, not an answer."""
    first = _SENTENCE_END.split(answer.strip(), maxsplit=1)[0]
    if is_placeholder(first) or _INFO_NOT_GIVEN.search(_bare(first)) is not None:
        return True
    # "CNPJ para constar em declaração: ⚠️ a confirmar", "TV por assinatura — sem informação":
    # a line that is a label and a placeholder, alone in its answer.
    lone = answer.strip()
    labelled = _LABELLED_LINE.match(lone) if "\n" not in lone else None
    return labelled is not None and is_placeholder(labelled["value"])


_LABELLED_LINE = re.compile(r"^(?P<label>[^:\n]{2,80}?)(?::|\s[—–-]\s)\s*(?P<value>.+)$")


def _bare(text: str) -> str:
    """The folded text without the marks around it ("❓ Não informado." -> "nao informado")."""
    folded = " ".join(fold(text).split())
    return re.sub(r"^[\W_]+(?=\w)|(?<=\w)[\W_]+$", "", folded).replace("(", "").replace(")", "")


# "sob consulta", "consultar comercial", "valor à parte (não informado)", "conforme o modelo",
# "a central não deve passar valores": the amount is not in the sheet (folded).
_AMOUNT_ELSEWHERE = re.compile(
    r"\b(?:sob\s+consulta|consultar|a\s+combinar|valor(?:es)?\s+(?:a\s+parte|passado|informado)"
    r"|conforme\s+(?:o\s+|a\s+)?(?:modelo|contrato|tabela|caso)|nao\s+(?:foi\s+)?informad"
    r"|nao\s+(?:deve\s+|pode\s+)?passar\s+(?:o\s+|os\s+)?valor"
    r"|valor\s+(?:so|somente|apenas)\s+com|valor\s+quem\s+(?:passa|calcula)|quem\s+calcula"
    r"|nao\s+(?:passaram|passamos|informaram)|nao\s+informa[rm]?\s+(?:o\s+)?valor"
    # "cujos valores não constam deste Manual", "cujo valor será informado pelo Financeiro"
    r"|valor(?:es)?\s+nao\s+consta|valor(?:es)?\s+(?:sera|serao)\s+informad"
    # "a gente não tem os valores", "não sabemos o valor"
    r"|nao\s+(?:tem|temos|sabemos|sei)\s+(?:o\s+|os\s+|a\s+)?(?:valor|preco|tabela)"
    # "ver tabela de taxas (ainda sem valor)", "ainda não definiram, ver c/ Katia"
    r"|ainda\s+sem\s+(?:valor|preco)|sem\s+valor\s+definido|nao\s+definiram"
    # "valores ver anexo", "a tabela ta no anexo": in a paper the sheet does not hold.
    r"|\b(?:ver|vide|veja|no|em|segue\s+em|conforme)\s+(?:o\s+)?anexo\b)"
)


def withholds_amount(text: str) -> bool:
    """Whether a text says its amount is not given here ("Consultar comercial", "valor passado
    pelo financeiro"): a price asked of it is not in the sheet."""
    return _AMOUNT_ELSEWHERE.search(fold(text)) is not None
