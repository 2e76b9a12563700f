"""Vietnamese text analysis: the one place where text is made comparable.

Residents type on cheap phones: without diacritics ("chi thi 29"), with the
other tone-mark placement ("hoà" for "hòa", "thuỷ" for "thủy"), with the
document symbol in any spelling ("29 CT TU", "29-ct/tu", "90/2013/ND-CP") and
with abbreviations ("UBND", "TW4"). Everything that compares text -- the
importer, both search backends, the citation finder, the admin -- goes through
the names exported here, so that a word is spelled one way everywhere.

Pure Python, standard library only, no Django: safe to import from anywhere.
Where each part lives:

- `search.spelling`: characters and their cleanup, tone placement
  (`unify_tone_marks`), normalised and folded text (`normalize`, `fold`: where
  "đ" becomes "d"), slugs, i/y and marked spellings;
- `symbols`: document numbers (số, ký hiệu) such as ``29-CT/TU``,
  ``26/CT-TTg`` or ``90/2013/NĐ-CP``; their *key* (`symbol_key`) is the same
  for every spelling: ``29-ct-tu``, ``90-2013-nd-cp``;
- `tokens`: the tokens an index stores, and a database's query;
- `synonyms`: abbreviations and synonyms a search expands.

The document types and codes are `directives.vocabulary`'s.
"""

from directives.vocabulary import TYPE_CODES
from search.spelling.characters import clean_controls, nfc
from search.spelling.folding import (
    fold,
    normalize,
    slug_transliterations,
    slugify,
    strip_marks,
)
from search.spelling.tones import unify_tone_marks
from search.spelling.variants import (
    i_y_pattern,
    i_y_spellings,
    marked_key,
    marked_words,
    other_spellings,
    unify_i_y,
)

from .symbols import (
    QUERY_SYMBOL_RE,
    SYMBOL_RE,
    Symbol,
    clean_number,
    compact_key,
    find_symbols,
    looks_like_symbol,
    symbol_key,
    symbol_words,
)
from .synonyms import DEFAULT_SYNONYMS, expand_query, synonym_phrases
from .tokens import Analyzed, analyze, database_query, tokenize

__all__ = [
    "DEFAULT_SYNONYMS",
    "QUERY_SYMBOL_RE",
    "SYMBOL_RE",
    "TYPE_CODES",
    "Analyzed",
    "Symbol",
    "analyze",
    "clean_controls",
    "clean_number",
    "compact_key",
    "database_query",
    "expand_query",
    "find_symbols",
    "fold",
    "i_y_pattern",
    "i_y_spellings",
    "looks_like_symbol",
    "marked_key",
    "marked_words",
    "nfc",
    "normalize",
    "other_spellings",
    "slug_transliterations",
    "slugify",
    "strip_marks",
    "symbol_words",
    "synonym_phrases",
    "symbol_key",
    "tokenize",
    "unify_i_y",
    "unify_tone_marks",
]
