"""Elasticsearch documents, built by the same builder as the embedded index.

`PageDocument.from_search_document` adapts a `builder.SearchDocument`. The
text sent is already normalised by `analysis.py` (NFC, lower case, one
tone-mark placement, a symbol as one token), so the analyzers only split on
spaces and add the folded form beside each token: `asciifolding` with
`preserve_original` is the exact and folded field pair of the embedded index
in one field, and "đ" folds to "d" there too. At search time a synonym graph
from the same table (`synonyms.table()`) rewrites abbreviations.
"""

from __future__ import annotations

from elasticsearch_dsl import (
    Document,
    Float,
    Integer,
    Keyword,
    Long,
    MetaField,
    Object,
    Text,
    analyzer,
    token_filter,
)

from . import analysis
from .builder import SearchDocument
from .snippets import original_to_scan

# Version of the index layout, kept in the mapping's `_meta`: the engine
# refuses an index of another version (`SchemaMismatch`) until
# `rebuild_search_index` replaces it, as the embedded index does.
# 2: `site` and `alias` (one index for every ward, filtered).
# 3: `original`, the text read from a directive's or notice's original file,
#    and `snippet_original`, `snippet_heading` for its snippets.
LAYOUT_VERSION = 3

FOLD = token_filter("vi_fold", "asciifolding", preserve_original=True)

INDEX_ANALYZER = analyzer(
    "vi_index", tokenizer="whitespace", filter=["lowercase", FOLD]
)
# For a token typed with diacritics in a query typed with them: it matches
# the original token only ("sổ" is not "số"). No field uses it; the index
# registers it for queries.
EXACT_ANALYZER_NAME = "vi_exact"
EXACT_ANALYZER = analyzer(
    EXACT_ANALYZER_NAME, tokenizer="whitespace", filter=["lowercase"]
)


def synonym_rules(table) -> list[str]:
    """Solr-style rules ("ubnd, ủy ban nhân dân, uy ban nhan dan") from a table.

    Each phrase appears normalised and folded, because the graph runs before
    folding and residents type either way. Groups with a "#" number
    placeholder have no equivalent in Elasticsearch and are expanded by the
    query (`QueryPlan`) instead.
    """
    rules = []
    for group in table:
        if any("#" in phrase for phrase in group):
            continue
        forms: dict[str, None] = {}
        for phrase in group:
            tokens = analysis.analyze(phrase)
            forms[tokens.exact_text] = None
            forms[tokens.folded_text] = None
        forms.pop("", None)
        if len(forms) > 1:
            rules.append(", ".join(forms))
    return rules


def search_analyzer(table):
    synonyms = token_filter(
        "vi_synonyms", "synonym_graph", synonyms=synonym_rules(table), lenient=True
    )
    return analyzer(
        "vi_search", tokenizer="whitespace", filter=["lowercase", synonyms, FOLD]
    )


def text_field(table) -> Text:
    return Text(analyzer=INDEX_ANALYZER, search_analyzer=search_analyzer(table))


def document_class(table, index_name: str):
    """The Document class for one physical index (name) and synonym table."""
    text = text_field(table)

    class PageDocument(Document):
        kind = Keyword()
        doc_type = Keyword()
        issuer = Keyword()
        status = Keyword()
        year = Integer()
        date = Integer()
        expires = Long()
        weight = Float()
        stamp = Long()
        site = Integer()
        alias = Integer()
        number = Text(analyzer=INDEX_ANALYZER)
        title = text
        about = text
        summary = text
        body = text
        original = text
        hit = Object(enabled=False)
        snippet_text = Keyword(index=False, doc_values=False)
        # Only for a page with an original: its pages ({"number", "text"})
        # and what a result shows above the snippet (`snippets.snippet`).
        snippet_original = Object(enabled=False)
        snippet_heading = Keyword(index=False, doc_values=False)

        class Meta:
            meta = MetaField(layout_version=LAYOUT_VERSION)

        class Index:
            name = index_name
            settings = {"number_of_shards": 1, "number_of_replicas": 0}
            analyzers = (EXACT_ANALYZER,)

        @classmethod
        def from_search_document(cls, doc: SearchDocument) -> PageDocument:
            fields = {
                name: tokens.exact_text for name, tokens in doc.analyzed().items()
            }
            return cls(
                meta={"id": doc.id},
                kind=doc.kind,
                doc_type=doc.doc_type or None,
                issuer=doc.issuer or None,
                status=doc.status or None,
                year=doc.year or None,
                date=doc.date,
                expires=doc.expires,
                weight=doc.weight,
                stamp=doc.stamp,
                site=doc.site,
                alias=doc.alias,
                number=" ".join(doc.number_tokens),
                hit=doc.display,
                snippet_text=doc.snippet_text,
                snippet_original=original_to_scan(doc.original_pages) or None,
                snippet_heading=doc.heading_text if doc.original_pages else None,
                **fields,
            )

    return PageDocument
