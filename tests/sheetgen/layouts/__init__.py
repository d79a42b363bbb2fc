"""Writers of each part of a sheet, in every layout the template's authors use.

``LAYOUT_VARIANTS`` names every part a sheet's layout is chosen for and its options; a
generator picks one option per part at random unless the caller forces it.
"""

from __future__ import annotations

from .common import (
    ANSWER_MARKS,
    ANSWER_STYLES,
    BLANK_LINES,
    ESCAPE_STYLES,
    FORMATS,
    HEADING_STYLES,
    OPTIONAL_QUESTIONS,
    PRICE_STYLES,
    QUESTION_STYLES,
    TABLE_STYLES,
    TEMPLATE_QUESTIONS,
    UNANSWERED_STYLES,
    Style,
    draw_boxes,
    escape_markdown,
    heading,
    qa,
    question,
    unanswered,
)
from .contacts import CONTACT_LAYOUTS, Entry, contact_label, write_entries, write_entry
from .credentials import (
    BRAND_ROWS,
    CREDENTIAL_LAYOUTS,
    CREDENTIAL_SENTENCES,
    write_credential_sentence,
    write_credentials,
)
from .fees import (
    INSTALLATION_LAYOUTS,
    RECONNECTION_LAYOUTS,
    SERVICE_LAYOUTS,
    VISIT_LAYOUTS,
    write_installation,
    write_reconnection,
    write_reset,
    write_reset_os,
    write_services,
    write_visit,
)
from .mail import ENVELOPES, mail_thread
from .plans import PLAN_LAYOUTS, write_plan_group
from .thresholds import BLOCK_LAYOUTS, TRUST_LAYOUTS, write_blocks, write_trust_limit

PORT_LAYOUTS = ("bare", "answer", "sentence", "unanswered")
TECHNOLOGY_LAYOUTS = ("single_unlabeled", "single_labeled", "two")

LAYOUT_VARIANTS: dict[str, tuple[str, ...]] = {
    "answers": ANSWER_STYLES,
    "blank_lines": BLANK_LINES,
    "unanswered": UNANSWERED_STYLES,
    "answer_mark": ANSWER_MARKS,
    "technologies": TECHNOLOGY_LAYOUTS,
    "plans": PLAN_LAYOUTS,
    "plans_second": ("none", *PLAN_LAYOUTS),
    "credentials": CREDENTIAL_LAYOUTS,
    "credential_sentence": CREDENTIAL_SENTENCES,
    "brand_row": BRAND_ROWS,
    "port": PORT_LAYOUTS,
    "installation_fee": INSTALLATION_LAYOUTS,
    "visit_fee": VISIT_LAYOUTS,
    "service_fees": SERVICE_LAYOUTS,
    "reconnection_fee": RECONNECTION_LAYOUTS,
    "blocks": BLOCK_LAYOUTS,
    "trust_limit": TRUST_LAYOUTS,
    "contacts": CONTACT_LAYOUTS,
    "headings": HEADING_STYLES,
    "plan_prices": PRICE_STYLES,
    "escapes": ESCAPE_STYLES,
    "tables": TABLE_STYLES,
    "questions": QUESTION_STYLES,
    "envelope": ENVELOPES,
}

__all__ = [
    "FORMATS",
    "LAYOUT_VARIANTS",
    "OPTIONAL_QUESTIONS",
    "TEMPLATE_QUESTIONS",
    "Entry",
    "Style",
    "contact_label",
    "draw_boxes",
    "escape_markdown",
    "heading",
    "mail_thread",
    "qa",
    "question",
    "unanswered",
    "write_blocks",
    "write_credential_sentence",
    "write_credentials",
    "write_entries",
    "write_entry",
    "write_installation",
    "write_plan_group",
    "write_reconnection",
    "write_reset",
    "write_reset_os",
    "write_services",
    "write_trust_limit",
    "write_visit",
]
