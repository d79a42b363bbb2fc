"""The versioned index on disk, as the service reads it: the layout, verified loading, and the
embedding model. Publishing (``ingest.index.publish``) and the fact diff (``ingest.index.changes``)
are ingest's own.
"""

from ingest.index.embed import (
    Embedder,
    EmbedderLoadError,
    EmbeddingCache,
    embed_units,
    load_embedder,
)
from ingest.index.findings import FINDINGS_FILE, findings_of, read_findings
from ingest.index.layout import (
    CURRENT,
    MANIFEST,
    VERSIONS,
    IndexLoadError,
    current_version,
    list_versions,
    prune_versions,
)
from ingest.index.load import LoadedVersion, load_version, read_facts, read_manifest, verify_files

__all__ = [
    "CURRENT",
    "FINDINGS_FILE",
    "MANIFEST",
    "VERSIONS",
    "Embedder",
    "EmbedderLoadError",
    "EmbeddingCache",
    "IndexLoadError",
    "LoadedVersion",
    "current_version",
    "embed_units",
    "findings_of",
    "list_versions",
    "load_embedder",
    "load_version",
    "prune_versions",
    "read_facts",
    "read_findings",
    "read_manifest",
    "verify_files",
]
