"""What agents asked that the sheets did not answer: questions answered ``not_found`` (the audit
trail) and answers marked "nao_resolveu" (the feedback), grouped by provider and topic.

Pure logic over records already read (``asked``) and the index's units (``grouping``); the
admin's ``GET /admin/gaps`` and ``python -m eval gaps`` read the files and print the groups.
"""

from rag_service.gaps.asked import Asked, from_audit, from_feedback, parse_since, select
from rag_service.gaps.grouping import ClosestUnit, GapGroup, group_gaps, question_stems, similarity

__all__ = [
    "Asked",
    "ClosestUnit",
    "GapGroup",
    "from_audit",
    "from_feedback",
    "group_gaps",
    "parse_since",
    "question_stems",
    "select",
    "similarity",
]
