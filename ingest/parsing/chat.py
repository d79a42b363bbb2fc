"""A chat group's export kept as a sheet: the call centre asks, the provider answers in messages.

    [14/03/24, 09:05] Kelly UpCall: E os planos e valores?
    [14/03/24, 09:12] Josué: fibra:
    100mega 79,90
    [14/03/24, 09:13] Josué: radio é só 2 plano 10mb 59,90 e 20mb 69,90

Stamps and names tell who wrote when, not what the sheet says: they are taken off. The one
who asks the most (messages ending in "?") asks; the others answer. Each of the asker's
messages that others answer is a question (a remark of theirs right after an unanswered
question, "a foto ficou tremida, não dá pra ler as senhas", is more of that question); the
others' messages until the next question are its answer, a list item per line, which nothing
in them ends ("Diego??" asks a colleague, not the sheet). The app's own lines (the group
created, a member added) and what the export left out ("<Mídia oculta>", "<áudio omitido>")
are blank. Lines keep their numbers, so spans stay those of the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

# "[14/03/24, 09:12] Name: text" (a phone's export), "14/03/2024 09:12 - Name: text" (another
# phone's), "[09:12, 14/03/2024] Name: text" (copied from the web app). The name has no colon.
_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_STAMP = re.compile(
    rf"^\s*(?:\[\s*{_DATE},?\s+{_TIME}\s*\]|\[\s*{_TIME},?\s+{_DATE}\s*\]|{_DATE},?\s+{_TIME}\s+-)"
    r"\s*(?:(?P<name>[^:\n]{1,60}?):\s)?(?P<text>.*)$"
)
# What the app writes in a message's place: a picture, a voice note, a deleted message.
_LEFT_OUT = re.compile(
    r"^\W*(?:<[^<>]{2,60}>|(?:imagem|[áa]udio|v[íi]deo|figurinha|sticker|documento|image|audio|"
    r"video|media)\s+(?:ocult[ao]|omitid[ao]|omitted)|mensagem\s+apagada|esta\s+mensagem\s+foi"
    r"\s+apagada|this\s+message\s+was\s+deleted|null)\W*$",
    re.IGNORECASE,
)
# "texto <Mensagem editada>": the app's note on an edited message.
_EDITED = re.compile(
    r"\s*<(?:mensagem|esta\s+mensagem\s+foi|this\s+message\s+was)\s+edit\w*>\s*$", re.I
)
# The app's own lines carry a left-to-right mark before the text ("‎Kelly criou o grupo").
_APP_MARK = "\u200e"
# What a message about a picture or a voice note just sent speaks of.
_LEFT_OUT_WORDS = re.compile(
    r"\b(?:foto|imagem|print|[áa]udio|v[íi]deo|arquivo|anexo|digitar|escrever|ler)\b", re.I
)
_ASKS = re.compile(r"\?(?:\s|$)")
_MIN_MESSAGES = 5  # fewer stamped lines than this is a sheet that quotes a message or two
_MIN_QUESTIONS = 2  # the asker asks at least this often, or nobody is interviewing anyone


class Turns(NamedTuple):
    """Where a chat's turns stand, by 1-based line: each question on one line, read whole (no
    answer inside it), and the replies' lines, answers' text that never asks."""

    questions: frozenset[int] = frozenset()
    replies: frozenset[int] = frozenset()


NO_TURNS = Turns()  # a sheet that is no chat


class Chat(NamedTuple):
    """The lines with the chat read (same number of lines), and its turns."""

    lines: list[str]
    turns: Turns


class _Message(NamedTuple):
    first: int  # 0-based line of its stamp
    end: int  # 0-based end (exclusive) of its lines
    name: str
    lines: list[str]  # its text, line by line ("" where the app left something out)


def read_chat(lines: Sequence[str]) -> Chat | None:
    """The chat export as questions and answers, or None when the lines are no chat export."""
    messages = _messages(lines)
    if messages is None:
        return None
    out = list(lines)
    asks = Counter(m.name for m in messages if _asks(m))
    speakers = {m.name for m in messages if m.name}
    asker, count = asks.most_common(1)[0] if asks else ("", 0)
    if len(speakers) < 2 or count < _MIN_QUESTIONS:
        for m in messages:  # notes of one writer: the text alone, read as any sheet
            out[m.first : m.end] = m.lines
        return Chat(out, NO_TURNS)
    replies: set[int] = set()
    questions: set[int] = set()
    pending: list[_Message] = []  # the asker's messages nobody answered yet: one question
    shown = False  # the question was answered with what the export left out (a picture)
    for m in messages:
        out[m.first : m.end] = [""] * (m.end - m.first)
        if not any(t.strip() for t in m.lines):
            shown = shown or (bool(pending) and m.name != asker)
            continue
        if m.name == asker:
            if pending and _asks(m) and not (shown and _about_left_out(m)):
                _put_question(out, questions, pending, answered=False)
                pending = []
            pending.append(m)  # "a foto não abriu, consegue digitar?" asks the same again
            shown = False
            continue
        if pending:
            _put_question(out, questions, pending, answered=True)
            pending = []
        for k, t in enumerate(m.lines):
            if t.strip():
                out[m.first + k] = f"- {t.strip()}"
                replies.add(m.first + k + 1)
    if pending:
        _put_question(out, questions, pending, answered=False)
    return Chat(out, Turns(frozenset(questions), frozenset(replies)))


def _put_question(
    out: list[str], questions: set[int], asked: list[_Message], *, answered: bool
) -> None:
    """The asker's messages as one question on the last one's line; a remark nobody answered
    ("Anotado 👍") asks nothing and stays text."""
    text = " ".join(t.strip() for m in asked for t in m.lines if t.strip())
    line = asked[-1].first
    if answered or any(_asks(m) for m in asked):
        out[line] = text if text.endswith("?") else f"{text}?"
        questions.add(line + 1)
    else:
        out[line] = text


def _about_left_out(message: _Message) -> bool:
    """The message is about a picture, a voice note or a file just sent ("não abre áudio")."""
    return any(_LEFT_OUT_WORDS.search(t) for t in message.lines)


def _asks(message: _Message) -> bool:
    """The message asks something ("E pagamento invertido? Cliente paga o mês seguinte...")."""
    return any(_ASKS.search(t) for t in message.lines)


def _messages(lines: Sequence[str]) -> list[_Message] | None:
    stamps = [k for k, line in enumerate(lines) if _STAMP.match(line)]
    filled = sum(1 for line in lines if line.strip())
    if len(stamps) < _MIN_MESSAGES or len(stamps) * 2 < filled:
        return None
    messages: list[_Message] = []
    for n, first in enumerate(stamps):
        end = stamps[n + 1] if n + 1 < len(stamps) else len(lines)
        found = _STAMP.match(lines[first])
        assert found is not None
        name = (found["name"] or "").strip()
        texts = [found["text"], *lines[first + 1 : end]]
        if not name or texts[0].startswith(_APP_MARK):
            texts = [""] * len(texts)  # the app's line ("Kelly adicionou Josué")
        texts = ["" if _LEFT_OUT.match(t) else _EDITED.sub("", t) for t in texts]
        messages.append(_Message(first, end, name, texts))
    return messages
