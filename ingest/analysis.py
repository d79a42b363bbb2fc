"""Portuguese text analysis shared by ingest, the lexical retriever and the rules.

Pure functions: folding (case and accents), the way agents abbreviate, numbers written as
words, speed and money parsing. Nothing here knows a sheet's values.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_PORTUGUESE

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")

# How agents type: chat abbreviations and synonyms, folded, mapped to the sheet's words.
ABBREVIATIONS: dict[str, str] = {
    "vc": "voce",
    "vcs": "voces",
    "ql": "qual",
    "qls": "quais",
    "qto": "quanto",
    "qnto": "quanto",
    "qnt": "quanto",
    "qt": "quanto",
    "qtos": "quantos",
    "qtas": "quantas",
    "qts": "quantas",
    "qnts": "quantos",
    "qntos": "quantos",
    "qntas": "quantas",
    "qnta": "quanta",
    "hr": "hora",
    "hrs": "horas",
    "msm": "mesmo",
    "qr": "quer",
    "q": "que",
    "ta": "esta",
    "oq": "o que",
    "oque": "o que",
    "oqe": "o que",
    "cmg": "comigo",
    "tds": "todos",
    "sab": "sabado",
    "fds": "fim de semana",
    "pq": "porque",
    "cx": "caixa",
    "tb": "tambem",
    "tbm": "tambem",
    "hj": "hoje",
    "td": "tudo",
    "qdo": "quando",
    "qnd": "quando",
    "vlr": "valor",
    "pfv": "por favor",
    "pfvr": "por favor",
    "pls": "por favor",
    "plz": "por favor",
    "vl": "valor",
    "tel": "telefone",
    "fone": "telefone",
    "zap": "whatsapp",
    "zapzap": "whatsapp",
    "whats": "whatsapp",
    "wpp": "whatsapp",
    "wts": "whatsapp",
    "end": "endereco",
    "ender": "endereco",
    "info": "informacao",
    "infos": "informacoes",
    "msg": "mensagem",
    "p": "para",
    "pra": "para",
    "pro": "para",
    "c": "com",
    "s": "sem",
    "n": "nao",
    "ñ": "nao",
    "dps": "depois",
    "obg": "obrigado",
    "cli": "cliente",
    "clie": "cliente",
    "cpf": "cpf",
    "os": "os",
    "net": "internet",
    "wifi": "wifi",
    "roteador": "roteador",
    "modem": "roteador",
    "router": "roteador",
    "onu": "roteador",
    "pw": "senha",
    "pwd": "senha",
    "password": "senha",
    "user": "usuario",
    "usr": "usuario",
    "usuario": "usuario",
    "radio": "radio",
    "fibra": "fibra",
    "ftth": "fibra",
    "mensalidade": "mensalidade",
    "boleto": "fatura",
    "cancelamento": "cancelamento",
}

# Units of speed as agents and sheets write them.
# The management systems ISPs run (their names stand for "the system" in a sheet and a question).
MANAGEMENT_SYSTEMS = ("sgp", "ixc", "mkauth", "mk-auth", "hubsoft", "voalle")
SPEED_UNITS_MB = {"m", "mb", "mbs", "mbps", "mega", "megas", "meg", "megabit", "megabits"}
SPEED_UNITS_GB = {"g", "gb", "gbs", "gbps", "giga", "gigas", "gigabit", "gigabits"}

_UNITS = {
    "zero": 0,
    "um": 1,
    "uma": 1,
    "dois": 2,
    "duas": 2,
    "tres": 3,
    "quatro": 4,
    "cinco": 5,
    "seis": 6,
    "sete": 7,
    "oito": 8,
    "nove": 9,
    "dez": 10,
    "onze": 11,
    "doze": 12,
    "treze": 13,
    "quatorze": 14,
    "catorze": 14,
    "quinze": 15,
    "dezesseis": 16,
    "dezessete": 17,
    "dezoito": 18,
    "dezenove": 19,
    "vinte": 20,
    "trinta": 30,
    "quarenta": 40,
    "cinquenta": 50,
    "sessenta": 60,
    "setenta": 70,
    "oitenta": 80,
    "noventa": 90,
    "cem": 100,
    "cento": 100,
    "duzentos": 200,
    "trezentos": 300,
    "quatrocentos": 400,
    "quinhentos": 500,
    "seiscentos": 600,
    "setecentos": 700,
    "oitocentos": 800,
    "novecentos": 900,
    "mil": 1000,
}
# Words that make a number word a number rather than an article ("um giga", "cinco dias").
_NUMBER_CONTEXT = SPEED_UNITS_MB | SPEED_UNITS_GB | {"reais", "real", "dias", "dia", "horas", "h"}


def clean(text: str) -> str:
    """NFC, control characters removed, white space collapsed: the form a question is read in."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case without accents ("Não É" -> "nao e")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Kept as words: "não"/"mais" change a question's meaning, and "fora"/"depois" ("fora do horário",
# "depois das 18h") ask about the time outside the hours, which sheets state in their own line.
STOPWORDS: frozenset[str] = frozenset(fold(w) for w in STOPWORDS_PORTUGUESE) - {
    "nao",
    "mais",
    "fora",
    "depois",
}


def model_key(text: str) -> str:
    """An equipment model reduced to letters and digits ("XR- 500A" -> "xr500a")."""
    return "".join(_WORD.findall(fold(text)))


def words(text: str) -> list[str]:
    """Folded words with abbreviations expanded, number words as digits, speeds split.

    "qto custa cem mega" -> ["quanto", "custa", "100", "mb"]; "200mb" -> ["200", "mb"].
    """
    raw = _WORD.findall(_FRACTIONAL_GIGA.sub(_giga_as_mega, fold(text)))
    out: list[str] = []
    for token in raw:
        split = re.fullmatch(r"(\d+)([a-z]+)", token)
        if split and _is_plausible_speed(int(split.group(1)), split.group(2)):
            out.append(split.group(1))
            out.append(_unit_word(split.group(2)))
            continue
        token = ABBREVIATIONS.get(token, token)
        if " " in token:
            # An abbreviation of several words ("fds": "fim de semana").
            out.extend(token.split())
            continue
        # A lone "m"/"g" is a unit only right after a number ("30 m"), "mega" always is.
        is_unit = token in SPEED_UNITS_MB or token in SPEED_UNITS_GB
        if is_unit and (token not in {"m", "g"} or (out and out[-1].isdigit())):
            out.append(_unit_word(token))
            continue
        out.append(token)
    return _half_gigas(_numbers_from_words(out))


# "1,5 giga", "2.5gb": a fraction of a giga is read in megas ("1500 mega"), not as two numbers.
_FRACTIONAL_GIGA = re.compile(r"\b(\d{1,2})[.,](\d{1,3})\s*(?:gb|gbps|giga|gigas|g)\b")


def number_words() -> frozenset[str]:
    """The words of numbers that speeds are read from ("cento", "cinquenta", "dois")."""
    return frozenset(_UNITS)


def _giga_as_mega(match: re.Match[str]) -> str:
    megas = round(float(f"{match.group(1)}.{match.group(2)}") * 1000)
    return f"{megas} mega"


def _half_gigas(tokens: list[str]) -> list[str]:
    """ "um giga e meio" is 1500 megas, "meio giga" 500: halves of a giga read in megas."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        half = tokens[i + 1 : i + 4] in (["gb", "e", "meio"], ["gb", "e", "meia"])
        if tokens[i].isdigit() and half:
            out.extend([str(int(tokens[i]) * 1000 + 500), "mb"])
            i += 4
            continue
        if tokens[i : i + 2] == ["meio", "gb"]:
            out.extend(["500", "mb"])
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def _is_plausible_speed(number: int, unit: str) -> bool:
    """ "200mb" and "1g" are speeds; "1200g" is part of an equipment model."""
    if unit in SPEED_UNITS_GB:
        return number <= 10
    return unit in SPEED_UNITS_MB and number <= 10_000


def _unit_word(unit: str) -> str:
    return "gb" if unit in SPEED_UNITS_GB else "mb"


def _numbers_from_words(tokens: list[str]) -> list[str]:
    """Replace runs of number words ("cento e cinquenta") by their value ("150")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _UNITS:
            total, j = 0, i
            while j < len(tokens) and (tokens[j] in _UNITS or _is_joining_e(tokens, j, i)):
                if tokens[j] != "e":
                    value = _UNITS[tokens[j]]
                    total = total * value if value == 1000 and total else total + value
                j += 1
            is_article = j - i == 1 and tokens[i] in {"um", "uma"}
            next_word = tokens[j] if j < len(tokens) else ""
            if not is_article or next_word in _NUMBER_CONTEXT:
                out.append(str(total))
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return out


@lru_cache(maxsize=1)
def _spelled_count() -> re.Pattern[str]:
    """Number words ("vinte e cinco") before a unit of time, in folded text."""
    number = "|".join(sorted(_UNITS, key=len, reverse=True))
    return re.compile(rf"\b((?:{number})(?:\s+(?:e\s+)?(?:{number}))*)\s+(dias?|horas?)\b")


def spelled_counts(text: str) -> list[tuple[str, str]]:
    """(as written, in digits) of each count of days or hours written in words: ("quinze dias",
    "15 dias"); the sheet's own words stay the value, the digits are what is compared."""
    folded = fold(text)
    if len(folded) != len(text):
        return []  # folding changed the length: positions would not match (no Latin text)
    out = []
    for match in _spelled_count().finditer(folded):
        value = _numbers_from_words(match.group(1).split())
        if len(value) == 1 and value[0].isdigit():
            out.append((text[match.start() : match.end()], f"{value[0]} {match.group(2)}"))
    return out


def _is_joining_e(tokens: list[str], j: int, start: int) -> bool:
    """ "e" inside a number phrase ("cento e cinquenta"), not at its start."""
    return tokens[j] == "e" and j > start and j + 1 < len(tokens) and tokens[j + 1] in _UNITS


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("portuguese")


# Folded suffixes whose accents the Portuguese stemmer needs: without them "contratação"
# (folded "contratacao") stems to "contrataca" and never meets "contratar" ("contrat").
_ACCENTED_SUFFIXES = (("coes", "ções"), ("cao", "ção"), ("encia", "ência"), ("ancia", "ância"))


def stem(word: str) -> str:
    """The folded stem of a folded word, the same for "contratação" and "contratar"."""
    for plain, accented in _ACCENTED_SUFFIXES:
        if word.endswith(plain) and len(word) > len(plain) + 2:
            word = word[: -len(plain)] + accented
            break
    return fold(_stemmer().stemWord(word))


def analyze(text: str) -> list[str]:
    """Tokens for the lexical index: words() without stop words, stemmed."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def parse_money(text: str) -> float | None:
    """The first amount of money in a text ("R$ 1.234,56" -> 1234.56, "20 reais" -> 20.0,
    "89 e 90" -> 89.9 when the text opens with it)."""
    said = SAID_CENTS.match(text)
    if said:
        whole, cents = re.findall(r"\d+", said.group(0))
        return float(f"{whole}.{cents}")
    # "R$ 79.90", "124.90": a point before two last digits is the decimal one.
    match = re.search(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2})|\.(\d{2})(?![\d.]))?", text)
    if not match:
        return None
    whole = match.group(1).replace(".", "")
    cents = match.group(2) or match.group(3) or "0"
    return float(f"{whole}.{cents}")


def parse_speed_mbps(text: str) -> float | None:
    """A speed in Mb/s from "50MB", "10M", "300 MEGA", "1 giga", "dois giga"."""
    tokens = words(text)
    for i, token in enumerate(tokens[:-1]):
        if token.isdigit() and tokens[i + 1] in {"mb", "gb"}:
            value = float(token)
            return value * 1000 if tokens[i + 1] == "gb" else value
    return None


def within_one_edit(a: str, b: str, *, transpose: bool = True) -> bool:
    """Whether ``a`` and ``b`` differ by at most one edit: an insertion, a deletion, a
    substitution or (``transpose``) a swap of two adjacent letters ("fatrua" / "fatura")."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        first = diffs[0]
        return (
            transpose
            and len(diffs) == 2
            and diffs[1] == first + 1
            and a[first] == b[first + 1]
            and a[first + 1] == b[first]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


# Money as sheets and agents write it: "R$ 1.150,00", "R$50", "R$ 119,9", "44,50", "20 reais".
# A bare number is money only with cents, and "1,5 giga" is a speed, not money.
MONEY_PATTERN = (
    r"(?:R\$\s*\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|R\$\s*\d+\.\d{2}(?![\d.])"
    r"|R\$\s*\d+(?:,\d{1,2}(?!\d))?"
    r"|\d{1,3}(?:\.\d{3})+,\d{2}|\d+,\d{2}(?!\d)(?!\s*(?:g|gb|gbps|giga|gigas|m|mb|mbps|mega|megas)\b)"
    r"|\d+(?:,\d{2})?\s*reais\b)"
)
MONEY = re.compile(MONEY_PATTERN, re.IGNORECASE)
# An amount as a program writes it, the whole value a number with a point and two decimals
# (a YAML file's "preco: 99.90", "valor: 150.00"): money only where it stands alone.
BARE_AMOUNT = re.compile(r"^\s*\d{1,5}\.\d{2}\s*$")
# "89 e 90", "R$ 119 e 90", "69 reais e 90 centavos": reais and cents said apart, as a price is
# spoken (not "10 e 20 dias", "300 e 500 mega": no unit after the cents).
SAID_CENTS_PATTERN = (
    r"(?:R\$\s*)?\d{1,4}\s+(?:reais\s+)?e\s+\d{2}(?!\d)(?:\s*centavos)?"
    r"(?!\s*(?:%|x\b|vezes|dias?|meses|m[eê]s|horas?|h\b|min|mbps|mb|megas?|gb|gigas?|m\b|g\b))"
)
SAID_CENTS = re.compile(rf"\s*{SAID_CENTS_PATTERN}", re.IGNORECASE)


# Raised by hand when a function above changes how it reads text (its tables are hashed below).
ANALYSIS_REVISION = 1


def analysis_fingerprint() -> str:
    """A hash of everything that turns text into index tokens: this module's tables and rules
    revision, and the stemmer's version.

    Ingest records it in each version's manifest; the loader refuses a version made by another
    analysis (its tokens would not meet the questions' tokens), and ingest rebuilds the tokens
    when it differs.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        stemmer = version("PyStemmer")
    except PackageNotFoundError:  # pragma: no cover - an installed wheel without metadata
        stemmer = "unknown"
    parts = {
        "revision": ANALYSIS_REVISION,
        "stemmer": ["portuguese", stemmer],
        "stopwords": sorted(STOPWORDS),
        "abbreviations": sorted(ABBREVIATIONS.items()),
        "number_words": sorted(_UNITS.items()),
        "speed_units": [sorted(SPEED_UNITS_MB), sorted(SPEED_UNITS_GB)],
        "number_context": sorted(_NUMBER_CONTEXT),
        "accented_suffixes": list(_ACCENTED_SUFFIXES),
    }
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:16]


# Router and ONU brands agents name and sheets write ("senha do huawei 8145"), folded, letters
# only: general knowledge of the market, never one sheet's models. A sheet's own brand words
# count too.
ROUTER_BRANDS = frozenset(
    {
        "huawei", "zte", "tplink", "intelbras", "nokia", "fiberhome", "mercusys", "tenda",
        "parks", "datacom", "multilaser", "ubiquiti", "dlink", "cisco", "linksys", "asus",
        "xiaomi", "sagemcom", "askey", "mitrastar", "zyxel", "elsys", "greatek", "furukawa",
        "cianet", "vsol", "kingtype", "netgear", "mikrotik", "technicolor", "arris", "motorola",
        "sercomm", "alcatel", "shoreline", "wiflix", "phicomm", "totolink",
    }
)  # fmt: skip
