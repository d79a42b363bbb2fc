"""Accuracy: ``python -m eval`` over gold sets, ``python -m eval gaps`` over the audit trail."""

__all__: list[str] = []  # the subpackages and modules are the interface
