"""Sheets in, a verified index version out: ``python -m ingest``; the service reads
``ingest.records``, ``ingest.analysis`` and ``ingest.index``."""

__all__: list[str] = []  # the subpackages and modules are the interface
