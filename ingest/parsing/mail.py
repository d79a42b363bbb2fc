"""An e-mail thread kept as a sheet: the questions quoted ("> "), the answers typed under them.

    De: Dono <dono@provedor.com.br>
    Enviado em: sexta-feira, 15 de março de 2024 08:41
    Assunto: RE: Planilha operacional

    > Qual o valor da visita improdutiva?
    R$ 60,00

    Att,
    Dono
    Cel: (37) 98801-3356

The headers say who wrote to whom, a signature who wrote it and how to reach that person, a
disclaimer what the law says of e-mail: none of it is the provider's sheet, and a signature's
phone is no support contact. In a thread (a "De:"/"From:" header with its "Assunto:" or
"Para:"), those lines are blank: the headers, the marks of a forward or a reply ("-----
Mensagem encaminhada -----", "Em 13/03, Fulano escreveu:"), a signature after "--", after a
closing ("Att,", "Atenciosamente", "Desde já agradeço!") or over "Enviado do meu iPhone", and a
disclaimer's paragraph. Quote marks stay for the markup to take off. Lines keep their numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_QUOTE = re.compile(r"^\s*(?:>\s?)*")
_HEADER = re.compile(
    r"^(?:de|from|enviad[oa]\s+em|sent|data|date|para|to|cc|cco|bcc|assunto|subject)\s*:\s",
    re.IGNORECASE,
)
_SENDER = re.compile(r"^(?:de|from)\s*:\s", re.IGNORECASE)
_ADDRESSED = re.compile(r"^(?:assunto|subject|para|to)\s*:\s", re.IGNORECASE)
# "----- Mensagem encaminhada -----", "-----Mensagem original-----", "Em qua., 13 de mar. de
# 2024 às 17:26, Fulano <f@x.com> escreveu:", "On Mon, ... wrote:".
_THREAD_MARK = re.compile(
    r"^-{2,}\s*(?:mensagem\s+(?:encaminhada|original)|forwarded\s+message|original\s+message)"
    r"\s*-{2,}$|^(?:em|on)\s.{6,160}\s(?:escreveu|wrote)\s*:$",
    re.IGNORECASE,
)
_SIGNATURE_MARK = re.compile(r"^--\s?$")
_CLOSING = re.compile(
    r"^(?:att\.?|atenciosamente|abs\.?|abra[çc]os?|grat[oa]|obrigad[oa]s?|cordialmente|"
    r"sauda[çc][õo]es|desde\s+j[áa]\s+agrade[çc]o|no\s+aguardo)\s*[,.!]*$",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(r"^(?:enviado\s+do\s+meu|sent\s+from\s+my)\s+\S", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"^(?:aviso\s+legal|aviso\s+de\s+confidencialidade|confidencial|esta\s+mensagem\s+(?:e\s|pode)"
    r"|este\s+e-?mail\s+(?:e\s|pode)|antes\s+de\s+imprimir)",
    re.IGNORECASE,
)
_TABLE_MARKS = re.compile(r"[\t;|]")  # a row's cells, never a signature's line
_SIGNATURE_LINES = 8  # a signature is a few short lines
_SIGNATURE_WORDS = 10


def read_mail(lines: Sequence[str]) -> list[str] | None:
    """The thread's lines with headers, signatures and disclaimers blank, or None when the
    lines are no e-mail thread."""
    bare = [_QUOTE.sub("", line, count=1).strip() for line in lines]
    if not _is_thread(bare):
        return None
    depths = [_depth(line) for line in lines]
    out = list(lines)
    k = 0
    while k < len(bare):
        text = bare[k]
        if _HEADER.match(text) or _THREAD_MARK.match(text) or _SENT_FROM.match(text):
            out[k] = ""
        elif _DISCLAIMER.match(text):
            end = _paragraph_end(bare, depths, k + 1)
            out[k:end] = [""] * (end - k)
            k = end
            continue
        elif _SIGNATURE_MARK.match(text) or _CLOSING.match(text):
            start = k + 2 if k + 1 < len(bare) and not bare[k + 1] else k + 1  # "Att," / "" / ...
            end = _paragraph_end(bare, depths, start, limit=_SIGNATURE_LINES + 1)
            ended = end >= len(bare) or not bare[end] or depths[end] != depths[k]
            ended = ended or _begins_part(bare[end])
            if _SIGNATURE_MARK.match(text) or (_is_signature(bare[start:end]) and ended):
                out[k:end] = [""] * (end - k)
                k = end
                continue
        k += 1
    for k, text in enumerate(bare):
        if _SENT_FROM.match(text):
            start = _signature_above(bare, depths, k)
            out[start:k] = [""] * (k - start)  # "Fulano / Técnico / (37) ... / Enviado do meu"
    return out


def _is_thread(bare: Sequence[str]) -> bool:
    """A sender's header with the subject or the addressee a few lines on."""
    for k, text in enumerate(bare):
        if _SENDER.match(text) and any(_ADDRESSED.match(t) for t in bare[k + 1 : k + 6]):
            return True
    return False


def _depth(line: str) -> int:
    """How deep the line is quoted ("> > texto" is 2)."""
    found = _QUOTE.match(line)
    return found.group().count(">") if found else 0


def _paragraph_end(
    bare: Sequence[str], depths: Sequence[int], start: int, *, limit: int | None = None
) -> int:
    """Where the paragraph going on at start ends: at a blank line, where the quoting changes
    or the next message or a disclaimer begins (a thread printed to PDF has no blank lines),
    or after limit lines."""
    end = start
    depth = depths[start - 1] if start > 0 else depths[0]
    while end < len(bare) and bare[end] and not _begins_part(bare[end]):
        if depths[end] != depth or (limit is not None and end - start >= limit):
            break
        end += 1
    return end


def _begins_part(text: str) -> bool:
    """The line opens another part of the thread: a message's headers or marks, a disclaimer."""
    return bool(_HEADER.match(text) or _THREAD_MARK.match(text) or _DISCLAIMER.match(text))


def _signature_above(bare: Sequence[str], depths: Sequence[int], sent: int) -> int:
    """Where the signature over "Enviado do meu iPhone" starts: the short lines right above it
    in its paragraph that are no table's row; none when they run on (no signature that long)."""
    start = sent
    while start > 0 and _signs(bare[start - 1]) and depths[start - 1] == depths[sent]:
        start -= 1
        if sent - start > _SIGNATURE_LINES:
            return sent
    return start


def _signs(text: str) -> bool:
    """A line a signature may hold: short, asking nothing, no row's cells, no other part."""
    return (
        bool(text)
        and _is_signature([text])
        and not _TABLE_MARKS.search(text)
        and not _begins_part(text)
    )


def _is_signature(lines: Sequence[str]) -> bool:
    """A few short lines that ask nothing: a name, a role, a phone, an address."""
    return 0 < len(lines) <= _SIGNATURE_LINES and all(
        len(t.split()) <= _SIGNATURE_WORDS and not t.endswith("?") for t in lines
    )
