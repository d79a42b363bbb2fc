"""One module per fact kind, each with ``KIND = FactKind(...)`` (``ingest.facts.registry``)."""

__all__: list[str] = []  # the subpackages and modules are the interface
