"""Contact lines: what a key names (phone, site, e-mail, ...) and the shape of its value.

A contact is written "KEY<tab>value", "KEY: value" on one line ("E-mail: x@y.com", "- Telefone:
..."), a key alone over its value, or a row of a two-column table ("Contato | Valor"). A colon
line is a contact only when its key's kind words name a contact and its value has that kind's
shape, or its value alone is a phone, URL or e-mail: "R: ...", "Bloqueio Total: 35 Dias" and
"Seg a Sex: 8h às 18h" are not contacts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.analysis import BARE_AMOUNT, MANAGEMENT_SYSTEMS, MONEY, fold, within_one_edit
from ingest.corrections import corrected
from ingest.parsing.markup import strip_bullet

_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_EMAIL_BODY = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL = re.compile(rf"^{_EMAIL_BODY}$")
_PHONE = re.compile(
    r"^(?:\+?(?:\(?\d{2,3}\)?\s*)?(?:9\s)?\d{4,5}[-\s]?\d{4}"  # "(81) 9 8814-5563" too
    r"|0[38]00[-\s]?\d{3}[-\s]?\d{4})$"  # "0800 591 2230", "0300-123-4567"
)
# A bare host ("central.exemplo.com.br/login"): a dotted name without spaces.
_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?:[:/]\S*)?$")

# Folded key words -> contact type, first match wins (a "WhatsApp" key before "fone"). The
# system's are the names of the management systems ISPs use (SGP, IXC, MK-Auth, ...).
CONTACT_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("whatsapp", "whats", "zap", "wpp"), "whatsapp"),
    (
        (
            "central do assinante", "central do cliente", "area do cliente", "area do assinante",
            "portal", "app do cliente",
        ),
        "subscriber_portal",
    ),
    (("e-mail", "email"), "email"),
    (("telefone", "fone", "celular", "tel"), "phone"),
    (("endereco",), "address"),
    (("sistema", "erp", *MANAGEMENT_SYSTEMS), "system_url"),
    (("site", "pagina"), "site"),
)  # fmt: skip
# Words of the header of a two-column contact table ("CONTATO | VALOR", "Canal | Número").
_HEADER_WORDS = {
    "contato", "contatos", "canal", "canais", "tipo", "meio", "meios", "valor", "numero",
    "informacao", "informacoes", "dado", "dados", "descricao", "item", "campo", "de",
}  # fmt: skip
_COLON = re.compile(r"^(?P<key>[^:?]{2,40}?)\s*:\s+(?P<value>\S.*)$")


def is_value_shaped(text: str) -> bool:
    """A URL, an e-mail address or a phone number alone."""
    text = text.strip()
    return bool(_URL.match(text) or _EMAIL.match(text) or _PHONE.match(text))


# A web address inside a sentence; the mark that ends the sentence or clause is not in it.
# "https://...", "www...", and a bare domain ("speedtest.net", "fast.com", "x.com.br/2via"),
# not an e-mail's ("renato@goiabanet.com.br").
_URL_IN = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![@\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|me|app)(?:\.br)?"
    r"(?![\w@-])(?:/\S*)?",
    re.IGNORECASE,
)


def url_in(text: str) -> str | None:
    """The first web address of a sentence, without the punctuation after it."""
    match = _URL_IN.search(text)
    return match.group(0).rstrip(".,;:!?)»”\"'") if match else None


def key_type(key: str) -> str | None:
    """The contact type a key names by its kind words ("E-mail comercial" -> "email")."""
    folded = fold(key)
    for words, ctype in CONTACT_KEYS:
        if any(re.search(rf"\b{_key_pattern(w)}\b", folded) for w in words):
            return ctype
    # A kind word typed with a letter missing, extra, changed or swapped ("whatsap",
    # "telfone"): long words only, so that no short word passes for another.
    typed = [w for w in re.findall(r"[a-z]+", folded) if len(w) >= _TYPO_LENGTH]
    for words, ctype in CONTACT_KEYS:
        for word in words:
            long = " " not in word and len(word) >= _TYPO_LENGTH
            if long and any(within_one_edit(t, word) for t in typed):
                return ctype
    return None


_TYPO_LENGTH = 6


def _key_pattern(words: str) -> str:
    """A key's words, its prepositions optional and its spaces any ("central assinante",
    "central_do_assinante" as a settings file's key reads, "area do cliente")."""
    pieces = [re.escape(w) for w in words.split()]
    pattern = pieces[0]
    for piece in pieces[1:]:
        if piece in ("do", "da", "de", "dos", "das"):
            pattern += r"(?:\s+d[aeo]s?)?"
        else:
            pattern += rf"\s+{piece}"
    return pattern


def _web_type(key: str) -> str:
    """What a link is by its key when no key word names it: "central: https://..." (a
    provider's "central" with a link is the subscriber's), else a site."""
    return "subscriber_portal" if re.search(r"\bcentral\b", fold(key)) else "site"


def key_type_of(key: str, value: str) -> str | None:
    """The contact type a key names for its value: "Endereço do sistema" over a link is no
    street address but the system's (the key's other words say whose link)."""
    found = key_type(key)
    if found == "address" and _URL.fullmatch(value.strip()):
        found = key_type(re.sub(r"\bendere[cç]o\b", " ", key, flags=re.I)) or _web_type(key)
    return found


def contact_type(key: str, value: str) -> str | None:
    """The type of a key-value contact: by the key's words, else by the value's shape."""
    found = key_type_of(key, value)
    if found is not None:
        return found
    if _URL.fullmatch(value):
        return _web_type(key)
    if "@" in value and is_value_shaped(value):
        return "email"
    if is_value_shaped(value):
        return "phone"
    if is_street_address(value):
        return "address"
    return None


# "Av. Getulio Vargas, 845", "Rua Manoel Vitorino, 112", "Travessa Jonas Bezerra, 300": a
# street address opens with the kind of street (folded, its abbreviations too).
_STREET = re.compile(
    r"^(?:rua|r\.|av\.?|avenida|travessa|tv\.|trav\.|rodovia|rod\.|pra[cç]a|p[cç]a\.?|alameda"
    r"|al\.|estrada|estr\.|largo|br-\d+)\s+\S",
    re.IGNORECASE,
)
# "0800 591 2240 (so suporte tecnico)", "https://central.x.com.br login = CPF": a contact's
# value, then a note on it.
_NOTED = re.compile(r"^(?P<value>\S+(?:[\s-]\S+){0,3}?)\s+(?P<note>\(.*\)|[a-zA-Z].*)$")


def is_street_address(value: str) -> bool:
    """ "Av. Maranhão, 1377 – Centro": a value that opens with a kind of street."""
    return _STREET.match(value.strip()) is not None and fits("address", value)


def without_note(value: str) -> tuple[str, str]:
    """(the contact, the note after it) of a value that is a phone, e-mail or link followed
    by a note; (the value, "") of any other."""
    found = _NOTED.match(value.strip())
    if found is not None and is_value_shaped(found["value"]):
        return found["value"], found["note"].strip()
    return value, ""


def fits(ctype: str, value: str) -> bool:
    """Does the value have the shape of its contact type (a number, an address, a link)?"""
    value = value.strip()
    digits = sum(c.isdigit() for c in value)
    if ctype in ("phone", "whatsapp"):
        return digits >= 8 and not re.search(r"[a-z]{4,}", fold(value))
    if ctype == "email":
        return bool(_EMAIL.match(value))
    if ctype == "address":
        # An amount is a price, not an address ("Mudança de endereço: R$ 45,00").
        return (digits >= 1 or "," in value) and not (
            MONEY.search(value) or BARE_AMOUNT.match(value)
        )
    return bool(_URL.match(value) or _HOST.match(value))


def contact_pair(text: str) -> tuple[str, str] | None:
    """(key, value) of a "Telefone: (85) 3000-0000" line (a bullet allowed), else None."""
    match = _COLON.match(strip_bullet(text.strip()))
    if match is None:
        return None
    key, value = match.group("key").strip(), match.group("value").strip()
    if len(key.split()) > 4 or any(c.isdigit() for c in key):
        return None
    ctype = key_type(key)
    if not key[:1].isupper() and (ctype is None or not key[:1].isalpha()):
        return None  # a lower-case key only when it names a contact ("whatsapp financeiro")
    if ctype is not None:
        return (key, value) if fits(ctype, value) else None
    return (key, value) if is_value_shaped(value) else None


def key_over_value(key: str, value: str) -> bool:
    """A contact's key alone on a line ("Telefone fixo", "Endereço") over a value of its shape."""
    key = strip_bullet(key.strip()).rstrip(":").strip()
    if not key[:1].isalpha() or len(key.split()) > 4 or re.search(r"[.?!;,]|\d", key):
        return False
    ctype = key_type(key)
    return ctype is not None and fits(ctype, value.strip())


# Where one contact ends and the next begins on a line of several ("Fone: X, Zap: Y | E-mail: Z").
_NEXT_PAIR = re.compile(r"\s*[,;|]\s+(?=[A-ZÀ-Ý][\w\- ]{0,30}:\s)")


def contact_pairs(text: str) -> list[tuple[str, str]]:
    """The contacts of a line that holds two or more ("Fone: (77) 3451-2290, Zap: (77) 99812-
    4471, Email: a@b.com"), each a ``contact_pair``; [] unless every piece is one."""
    pieces = _NEXT_PAIR.split(strip_bullet(text.strip()))
    if len(pieces) < 2:
        return []
    pairs = [contact_pair(piece) for piece in pieces]
    return [p for p in pairs if p is not None] if all(pairs) else []


# "Financeiro — (62) 3318-4472 (WhatsApp) · financeiro@x.com.br": a channel, a dash, then its
# values parted by "·", "/" or ";", each a phone, e-mail or link, a type in brackets after it.
_DASHED = re.compile(r"^(?P<key>[A-ZÀ-Ý][^\d:—–]{1,30}?)\s+[—–]\s+(?P<rest>\S.*)$")
_VALUE_SPLIT = re.compile(r"\s+[·/|]\s+|\s*;\s+")
_TYPE_AFTER = re.compile(r"^(?P<value>.+?)\s*\((?P<type>[^()]{2,20})\)$")


def dashed_contacts(text: str) -> list[tuple[str, str]]:
    """The (key, value) contacts of a "Channel — value (type) · value" line, the type word
    joined to the key ("Financeiro WhatsApp"); [] unless every value is a contact's."""
    found = _DASHED.match(strip_bullet(text.strip()))
    if found is None:
        return []
    key = found["key"].strip()
    pairs: list[tuple[str, str]] = []
    for piece in _VALUE_SPLIT.split(found["rest"].strip()):
        typed = _TYPE_AFTER.match(piece)
        value, kind = (typed["value"], typed["type"]) if typed else (piece, "")
        if not is_value_shaped(value.strip()):
            return []
        pairs.append((f"{key} {kind}".strip(), value.strip()))
    return pairs


def is_contact_header(cells: Sequence[str]) -> bool:
    """ "CONTATO | VALOR": the two label cells over a table of contacts."""
    if len(cells) != 2:
        return False
    words = [set(re.findall(r"[a-z]+", fold(c))) for c in cells]
    return all(w and w <= _HEADER_WORDS for w in words)


def has_contact(texts: Sequence[str]) -> bool:
    """Whether key-value lines hold a contact ("TELEFONE: ..."): the sheet's contacts, not a
    question's answer."""
    return any(contact_pair(text) is not None or contact_pairs(text) for text in texts)


# A contact told in a sentence: its kind words, then its value ("Telefone fixo (81) 3722-4410,
# WhatsApp (81) 99634-2217, e-mail do suporte s@x.com.br e do financeiro f@x.com.br").
_PHONE_IN = re.compile(
    r"(?:\(\d{2,3}\)\s*|(?<!\d)\d{2}\s)?(?<!\d)\d{4,5}-\d{4}(?!\d)|(?<!\d)0[38]00[-\s]?\d{3}[-\s]?\d{4}(?!\d)"
)
_SAID_VALUE = re.compile(rf"{_PHONE_IN.pattern}|{_EMAIL_BODY}|{_URL_IN.pattern}", re.I)
# Where the words naming a value begin: after the clause before it ends.
_CLAUSE_END = re.compile(r"(?:[,;:.!?](?=\s)|\s[—–-])\s*|\be\s+(?=(?:d[oa]s?|o|a|os|as)\s)")
# "Endereço: Rua X, 12, Centro, Cidade-UF." inside a sentence: up to the sentence's end.
_SAID_ADDRESS = re.compile(r"\bendere[çc]o\s*:\s*(?P<value>[^\s].*?)(?=\.\s|\.?$)", re.I)
_KEY_ARTICLE = re.compile(
    r"^(?:e\s+)?(?:o|a|os|as|do|da|no|na)\s+|\s+(?:é|eh|e|são)(?:\s+(?:o|a|os|as))?$", re.I
)
_TYPE_WORD = {"phone": "telefone", "whatsapp": "WhatsApp", "email": "e-mail", "site": "site"}
_MAX_SAID_KEY = 5


def said_contacts(text: str) -> list[tuple[str, str, str]]:
    """(key, value, type) of each contact a sentence tells by its kind words; a value corrected
    in place ("(81) 99634-2271, aliás, corrigindo, ... (81) 99634-2217") is the later one."""
    found: list[tuple[str, str, str]] = []
    last_type: str | None = None
    for value in _SAID_VALUE.finditer(text):
        if _corrects(value, found):
            continue
        right = corrected(text, value, _SAID_VALUE)
        before = text[: value.start()]
        cut = [m.end() for m in _CLAUSE_END.finditer(before)]
        key = _KEY_ARTICLE.sub("", before[cut[-1] if cut else 0 :].strip()).strip()
        key = _KEY_ARTICLE.sub("", key).strip()
        keyed = not key and bool(cut) and before[: cut[-1]].rstrip().endswith(":")
        if keyed:
            key = _colon_key(before[: cut[-1]].rstrip()[:-1])  # "central: https://... login"
        ctype = key_type(key) if key else None
        shape = contact_type("", right.group(0))
        if ctype is None and shape == "site" and keyed and _web_type(key) != "site":
            ctype = _web_type(key)
        if ctype is None and shape is not None and last_type == shape and len(key.split()) <= 3:
            ctype, key = shape, f"{_TYPE_WORD.get(shape, shape)} {key}".strip()
        last_type = ctype
        if ctype is None or not key or len(key.split()) > _MAX_SAID_KEY:
            continue
        value_text = right.group(0).rstrip(".,;:!?)")
        if fits(ctype, value_text) or ctype in ("subscriber_portal", "system_url"):
            found.append((key, value_text, ctype))
    address = _SAID_ADDRESS.search(text)
    if address is not None and fits("address", address["value"]):
        found.append(("Endereço", address["value"].strip(), "address"))
    return found


def typed_values(text: str, ctype: str) -> list[tuple[str, str]]:
    """(words before it, value) of each value of one type in a label's answer ("suporte (37)
    99944-2010 / financeiro (37) 99812-4477" under "WhatsApp"): the words name whom it is for."""
    found: list[tuple[str, str]] = []
    start = 0
    for value in _SAID_VALUE.finditer(text):
        said = value.group(0).rstrip(".,;:!?)")
        if fits(ctype, said):
            key = _KEY_ARTICLE.sub("", text[start : value.start()].strip(" /,;:-–—")).strip()
            found.append((key, said))
        start = value.end()
    return found


def _colon_key(head: str) -> str:
    """The words before a value's colon, from where their clause begins."""
    cut = [m.end() for m in _CLAUSE_END.finditer(head)]
    return _KEY_ARTICLE.sub("", head[cut[-1] if cut else 0 :].strip()).strip()


def _corrects(value: re.Match[str], found: list[tuple[str, str, str]]) -> bool:
    """Whether ``value`` is the correction of a value already read (it is read with it)."""
    return any(value.group(0).rstrip(".,;:!?)") == v for _, v, _ in found)
