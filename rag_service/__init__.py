"""The question-answering service: ``python -m rag_service``; its layers are the subpackages
(http over page, security and gaps, over answering and rules)."""

__all__: list[str] = []  # the subpackages and modules are the interface
