"""One module per fact kind, each with ``KIND = FactKind(...)`` (``ingest.facts.registry``)."""
