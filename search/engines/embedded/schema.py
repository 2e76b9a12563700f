"""The layout of the embedded index: its fields, and a document in them.

Text arrives already analysed by `search.analysis` (through
`search.builder`) and is split on spaces only, so the index holds exactly
the tokens analysis.py made: an exact field keeps the diacritics, a folded
field does not. Adjacent tokens of each text are also indexed as pairs
("dan_cu"), a plain term far cheaper to look up than a phrase over positions.

The layout is `SCHEMA_VERSION`: a folder written with another one is refused
until `rebuild_search_index` replaces it.
"""

from __future__ import annotations

import json

import tantivy

from ...builder import TEXT_FIELDS, SearchDocument
from ...plan import PAIR_JOINER
from ...snippets import SCAN_CHARS, original_to_scan

# Version of the index layout (fields, tokens, stored data). An index folder
# written with another version is refused until `rebuild_search_index`
# replaces it; the number is kept in the folder's `schema_version` file.
# 3: the `stamp` field (the live revision a document was built from).
# 4: `all_exact`, `all_pairs`, `all_pairs_exact`: words as typed, side by side.
# 5: `title_pairs`, `about_pairs`: a word of several syllables ranks by its
#    pairs in every text.
# 6: `site` and `alias`: one index for every ward, each search filtered to
#    its ward (or, city-wide, to the pages that are no alias copy).
# 7: `original_exact`, `original_folded`, `original_pairs`: the text read
#    from a directive's or notice's original file; its pages stored for
#    snippets.
SCHEMA_VERSION = 7
VERSION_FILE = "schema_version"
TOKENIZER = "vi_pretokenized"
# Adjacent words in each text: an indexed pair ("dan_cu") is a plain term,
# far cheaper than a phrase over positions (a phrase checks positions in
# every document that has both words); only a whole title is looked up as a
# phrase (the title field keeps positions).
PAIR_FIELDS = {
    "title_pairs": "title",
    "about_pairs": "about",
    "summary_pairs": "summary",
    "pairs": "body",
    "original_pairs": "original",
}


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in ("kind", "doc_type", "issuer", "status"):
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_integer_field("expires", indexed=True, fast=True)
    builder.add_float_field("weight", fast=True)
    builder.add_integer_field("order", fast=True)  # newest first without a query
    # Which live revision the document was built from: the health check
    # compares it with the database's to find stale entries.
    builder.add_integer_field("stamp", fast=True)
    # The ward (Site id, 0: the city library) and whether the page is an
    # alias copy of a shared directive: every search filters on them.
    builder.add_unsigned_field("site", indexed=True, fast=True)
    builder.add_unsigned_field("alias", indexed=True, fast=True)
    freq = {"tokenizer_name": TOKENIZER, "index_option": "freq"}
    builder.add_text_field("number", **freq)
    # Phrases are only looked up in titles: the one field with positions.
    builder.add_text_field("title_folded", tokenizer_name=TOKENIZER)
    builder.add_text_field("title_exact", **freq)
    for name in TEXT_FIELDS[1:]:
        builder.add_text_field(f"{name}_folded", **freq)
        builder.add_text_field(f"{name}_exact", **freq)
    # Every token of the texts, folded and as written, and every pair of
    # adjacent tokens within one text: which documents hold a word (counts,
    # facets, the "all words" rule) in one posting list rather than five.
    for name in ("all", "all_exact", "all_pairs", "all_pairs_exact"):
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="basic")
    for name in PAIR_FIELDS:
        builder.add_text_field(name, **freq)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


def pair_tokens(tokens: list[str]) -> list[str]:
    """Adjacent folded tokens joined: ["dan", "cu"] → ["dan_cu"]."""
    return [f"{a}{PAIR_JOINER}{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    """A search document as the fields of this layout."""
    out = tantivy.Document()
    out.add_unsigned("id", doc.id)
    for name in ("kind", "doc_type", "issuer", "status"):
        value = getattr(doc, name)
        if value:
            out.add_text(name, value)
    out.add_unsigned("year", doc.year)
    out.add_integer("expires", doc.expires)
    out.add_float("weight", doc.weight)
    out.add_integer("order", doc.date)
    out.add_integer("stamp", doc.stamp)
    out.add_unsigned("site", doc.site)
    out.add_unsigned("alias", doc.alias)
    out.add_text("number", " ".join(doc.number_tokens))
    analyzed = doc.analyzed()
    for name, tokens in analyzed.items():
        out.add_text(f"{name}_exact", tokens.exact_text)
        out.add_text(f"{name}_folded", tokens.folded_text)
    out.add_text("all", " ".join(a.folded_text for a in analyzed.values()))
    out.add_text("all_exact", " ".join(a.exact_text for a in analyzed.values()))
    for field, form in (("all_pairs", "folded"), ("all_pairs_exact", "exact")):
        pairs = (pair_tokens(getattr(a, form)) for a in analyzed.values())
        out.add_text(field, " ".join(" ".join(p) for p in pairs))
    for field, name in PAIR_FIELDS.items():
        out.add_text(field, " ".join(pair_tokens(analyzed[name].folded)))
    # Snippets are cut from the first SCAN_CHARS characters only; from the
    # original's pages when only they hold the query (`snippets.snippet`).
    stored = {"hit": doc.display, "text": doc.snippet_text[:SCAN_CHARS]}
    if doc.original_pages:
        stored["original"] = original_to_scan(doc.original_pages)
        stored["heading"] = doc.heading_text
    out.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode())
    return out
