"""How agents type: lower case, no accents, chat abbreviations, typos, speeds in words."""

from __future__ import annotations

import random
import re

from .values import fold

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "quanto": ("qto", "qnto"),
    "quanta": ("qta",),
    "voce": ("vc",),
    "o que": ("oq",),
    "que": ("q",),
    "tambem": ("tb", "tbm"),
    "para": ("p/", "pra"),
    "porque": ("pq",),
    "com": ("c/",),
    "esta": ("ta",),
    "qual": ("ql",),
    "nao": ("n", "nao"),
    "whatsapp": ("whats", "zap"),
    "fim de semana": ("fds",),
    "telefone": ("tel", "fone"),
    "mensalidade": ("mensal",),
}
COMMON_WORDS: tuple[str, ...] = (
    "qual", "senha", "valor", "plano", "quanto", "custa", "telefone", "endereco", "prazo",
    "suporte", "cliente", "bloqueio", "atraso", "instalacao", "visita", "horario", "porta",
    "roteador", "mudanca", "taxa", "preco", "atendimento", "empresa", "acesso", "login",
    "central", "assinante", "velocidade", "bloqueado", "liberar", "custo",
)  # fmt: skip
KEY_NEIGHBOURS: dict[str, str] = {
    "a": "sq", "e": "wr", "i": "uo", "o": "ip", "u": "yi", "s": "ad", "r": "et", "t": "ry",
    "n": "bm", "l": "k", "c": "xv", "d": "sf", "p": "o", "m": "n", "h": "gj", "q": "w",
    "v": "cb", "g": "fh", "b": "vn", "x": "zc", "z": "x", "f": "dg", "j": "hk", "k": "jl",
}  # fmt: skip

UNITS = ("", "um", "dois", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove")
TEENS = (
    "dez", "onze", "doze", "treze", "quatorze", "quinze", "dezesseis", "dezessete", "dezoito",
    "dezenove",
)  # fmt: skip
TENS = (
    "",
    "",
    "vinte",
    "trinta",
    "quarenta",
    "cinquenta",
    "sessenta",
    "setenta",
    "oitenta",
    "noventa",
)
HUNDREDS = (
    "", "cento", "duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos",
    "setecentos", "oitocentos", "novecentos",
)  # fmt: skip


def agent_case(text: str) -> str:
    """Lower case without accents, as agents type."""
    return fold(text)


def number_words(n: int) -> str:
    """1 to 999 in Portuguese words without accents (350 -> "trezentos e cinquenta")."""
    if not 1 <= n <= 999:
        raise ValueError(f"n must be between 1 and 999, got {n}")
    if n == 100:
        return "cem"
    parts = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(HUNDREDS[hundreds])
    if 10 <= rest <= 19:
        parts.append(TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            parts.append(TENS[tens])
        if units:
            parts.append(UNITS[units])
    return " e ".join(parts)


def speed_words(mbps: int, rng: random.Random) -> str:
    """A speed as agents say it: "trezentos mega", "meio giga", "um giga", "dois giga"."""
    if mbps == 500 and rng.random() < 0.6:
        return "meio giga"
    if mbps >= 1000 and mbps % 1000 == 0:
        giga = mbps // 1000
        return f"{UNITS[giga]} giga" if giga < 10 else f"{number_words(giga)} giga"
    return f"{number_words(mbps)} {rng.choice(('mega', 'megas'))}"


def speed_digits(mbps: int, rng: random.Random) -> str:
    """A speed typed in digits: "300 mega", "300mb", "1 giga", "1000 mega"."""
    if mbps >= 1000 and mbps % 1000 == 0 and rng.random() < 0.6:
        return f"{mbps // 1000} giga"
    return rng.choice((f"{mbps} mega", f"{mbps}mb", f"{mbps} megas", f"{mbps}m", f"{mbps} mb"))


def abbreviate(text: str, rng: random.Random, *, rate: float = 1.0) -> str:
    """Chat abbreviations for the words of ABBREVIATIONS found in text (each with chance rate)."""
    for word, shorts in ABBREVIATIONS.items():
        pattern = re.compile(rf"(?<![\w/]){re.escape(word)}(?![\w/])")
        if pattern.search(text) and rng.random() < rate:
            text = pattern.sub(rng.choice(shorts), text)
    return text


def _typo_word(word: str, rng: random.Random) -> str:
    i = rng.randint(1, len(word) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    near = KEY_NEIGHBOURS.get(word[i], "")
    return word[:i] + (rng.choice(near) if near else word[i] * 2) + word[i + 1 :]


def typo(text: str, rng: random.Random) -> str | None:
    """text with a one-letter typo in one common word, or None when it has no common word."""
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if w in COMMON_WORDS]
    if not spots:
        return None
    i = rng.choice(spots)
    for _ in range(10):
        changed = _typo_word(words[i], rng)
        if changed != words[i] and changed not in COMMON_WORDS:
            words[i] = changed
            return " ".join(words)
    return None
