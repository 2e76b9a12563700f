"""What a search backend raises when it cannot answer (both adapters).

Views turn `IndexUnavailable` into a 503 that says so; indexing leaves its
work in the outbox (`search.models.PendingUpdate`) for later. Kept apart from
the adapters so that neither a view nor the Elasticsearch adapter imports
Tantivy to name them.
"""


class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable or unreachable; a rebuild (or the
    engine coming back) is what answers it, not a code fix."""


class IndexSchemaMismatch(IndexUnavailable):
    """The index folder was written with another SCHEMA_VERSION."""


class IndexLocked(RuntimeError):
    """Another process held the writer lock for longer than we would wait."""
