"""The versioned index on disk, as the service reads it: the layout, partitions, verified loading,
the embedding model, and following an object store's copy. Publishing
(``ingest.index.publish``), pushing to an object store (``ingest.index.objectstore``) and the
fact diff (``ingest.index.changes``) are ingest's own.
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
    PARTITIONS,
    VERSIONS,
    IndexLoadError,
    current_version,
    list_versions,
    prune_versions,
)
from ingest.index.load import (
    LoadedVersion,
    PartitionEntry,
    entries_of,
    load_version,
    read_facts,
    read_manifest,
    verify_files,
)
from ingest.index.partition import Partition, partition_folder

__all__ = [
    "CURRENT",
    "FINDINGS_FILE",
    "MANIFEST",
    "PARTITIONS",
    "VERSIONS",
    "Embedder",
    "EmbedderLoadError",
    "EmbeddingCache",
    "IndexLoadError",
    "LoadedVersion",
    "Partition",
    "PartitionEntry",
    "current_version",
    "embed_units",
    "entries_of",
    "findings_of",
    "list_versions",
    "load_embedder",
    "load_version",
    "partition_folder",
    "prune_versions",
    "read_facts",
    "read_findings",
    "read_manifest",
    "verify_files",
]
