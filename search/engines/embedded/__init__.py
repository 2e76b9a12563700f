"""The embedded search index: Tantivy in a folder under DATA_DIR, the default.

- `schema`: the fields and how a `SearchDocument` fills them (SCHEMA_VERSION);
- `store`: the folder (generations and the `CURRENT` pointer), readers that
  follow other processes' commits, the one writer, rebuilds;
- `compile`: a `QueryPlan` as Tantivy queries;
- `facets`: facet counts and their cache;
- `engine`: `EmbeddedEngine`, the `SearchEngine` callers get from
  `search.engines.get_engine()`.
"""
