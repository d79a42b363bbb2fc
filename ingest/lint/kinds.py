"""The kinds of finding, stable English words (what a provider's CI may grep for)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a finding is about; its message (Portuguese) says where and what."""

    # A question of the sheet with nothing after it ("Qual DNS padrão?" and a blank line).
    UNANSWERED = "unanswered-question"
    # A fact stated without its value: a fee that exists with no amount, a label with a colon
    # and nothing after it, "Bloqueio Total: dias" without the number, a contact key alone.
    VALUE_MISSING = "value-missing"
    # One fact given twice with different values (two prices for one plan, hours that differ).
    CONFLICTING = "conflicting-values"
    # One fact given in several places in different forms (the same hours written three ways):
    # a change made in one place leaves the others stale.
    REPEATED = "repeated-value"
    # A row of a router password table without its password or model, or a cell short.
    CREDENTIAL_CELL = "credential-cell-missing"
    # A table row with another number of cells than its header: the rows after it are lost.
    TABLE_ROW = "table-row-mismatch"
    # A topic most other sheets of the index have that this sheet does not mention at all.
    SECTION_MISSING = "section-missing"
    # Text the parser read into no unit: no question can find it.
    UNREAD = "unread-text"
