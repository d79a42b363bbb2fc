"""What every check shares: the sheet as lint reads it, the report findings go to, quoting."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ingest.parsing.sheet import ParseNote
from ingest.records import Fact, Finding, Unit, secret_values

# The mark that replaces a secret value a message would otherwise quote.
SECRET_MARK = "[senha]"
_QUOTE_CHARS = 80


@dataclass(frozen=True)
class SheetInput:
    """What lint reads of one sheet: where it is, its units and facts, the parser's notes."""

    path: str
    provider: str
    units: Sequence[Unit]
    facts: Sequence[Fact]
    notes: Sequence[ParseNote] = ()
    # ParsedSheet.line_map: the span of each answer line (without it, the unit's first line).
    line_map: Mapping[str, Sequence[tuple[int, int]]] = field(default_factory=dict)
    secrets: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.secrets:
            object.__setattr__(self, "secrets", secret_values(self.facts))

    def answer_lines(self, unit: Unit) -> list[int]:
        """The first line of each of the unit's answer lines."""
        count = len(unit.answer.split("\n")) if unit.answer else 0
        spans = self.line_map.get(unit.id, ())
        if len(spans) == count:
            return [span[0] for span in spans]
        return [unit.lines[0]] * count


@dataclass
class Report:
    """Collects the findings of one sheet, each message checked for secret values."""

    sheet: SheetInput
    findings: list[Finding] = field(default_factory=list)

    def add(self, line: int, kind: str, message: str) -> None:
        message = self.mask(message)
        found = Finding(self.sheet.path, line, str(kind), message, self.sheet.provider)
        self.findings.append(found)

    def mask(self, text: str) -> str:
        """The text with the sheet's secret values replaced by a mark."""
        for secret in self.sheet.secrets:
            text = text.replace(secret, SECRET_MARK)
        return text

    def quote(self, text: str, limit: int = _QUOTE_CHARS) -> str:
        """The sheet's words quoted, secrets masked before the text is cut."""
        return quote(self.mask(text), limit)


def quote(text: str, limit: int = _QUOTE_CHARS) -> str:
    """The sheet's words in quotes, white space collapsed, cut at ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"'{flat}'"


def lines_phrase(lines: Iterable[int], preposition: str = "") -> str:
    """ "linha 7", "linhas 7 e 134"; with a preposition ("na", "da"): "nas linhas 7, 134 e 195"."""
    numbers = [str(n) for n in sorted(set(lines))]
    if len(numbers) == 1:
        words = f"linha {numbers[0]}"
    else:
        words = f"linhas {', '.join(numbers[:-1])} e {numbers[-1]}"
    if not preposition:
        return words
    return f"{preposition}{'s' if len(numbers) > 1 else ''} {words}"


# A check reads the report's sheet and adds its findings to the report.
Check = Callable[["Report"], None]
