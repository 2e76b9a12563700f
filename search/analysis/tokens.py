"""Tokens: a text as the words an index stores (`analyze`, `tokenize`), and a
search box's text as a database full-text query (`database_query`).

A document symbol is one token; every other word is split on whitespace and
punctuation, with its folded twin at the same position.
"""

from dataclasses import dataclass

from search.spelling.characters import WORD_RE, nfc
from search.spelling.folding import SLUG_JUNK_RE, fold_word, normalize
from search.spelling.variants import marked_key, unify_i_y

from .symbols import _symbol_from_match, _symbol_matches, _whole_symbol, compact_key


@dataclass(slots=True)
class Analyzed:
    """Tokens of one text for the two index fields.

    `exact` and `folded` have the same length and the same order, so a
    position means the same word in both. `exact` keeps diacritics (matches
    there rank higher); `folded` is what diacritic-free typing matches. A
    document symbol is one token in each: `Symbol.token` ("90-2013-nđ-cp") and
    `Symbol.key` ("90-2013-nd-cp").
    """

    exact: list[str]
    folded: list[str]

    @property
    def exact_text(self) -> str:
        return " ".join(self.exact)

    @property
    def folded_text(self) -> str:
        return " ".join(self.folded)


def analyze(text: str, *, query: bool = False, unify: bool = True) -> Analyzed:
    """Split `text` into exact and folded tokens (see `Analyzed`).

    Words are split on whitespace and punctuation; numbers are kept
    ("2.000.000" whole, a date "05/9/2016" as its three numbers), a final
    i/y that is one sound spelt y (`unify_i_y`; `unify=False` keeps it as
    written, for showing a query back, token for token the same). Pass
    `query=True` for search input, so that "29 ct tu" is one symbol token.
    """
    normal = normalize(text)
    exact: list[str] = []
    folded: list[str] = []

    def add_words(segment: str) -> None:
        for word in WORD_RE.findall(segment):
            word = unify_i_y(word) if unify else word
            exact.append(word)
            folded.append(fold_word(word))

    position = 0
    for match in _symbol_matches(normal, loose=query):
        add_words(normal[position : match.start()])
        symbol = _symbol_from_match(match)
        exact.append(symbol.token)
        folded.append(symbol.key)
        position = match.end()
    add_words(normal[position:])
    return Analyzed(exact, folded)


def tokenize(text: str, *, query: bool = False) -> list[str]:
    """The exact tokens of `text`: `analyze(text, query=query).exact`.

    "Chỉ thị số 29-CT/TU ngày 10/12/2013" → ["chỉ", "thị", "số", "29-ct-tu",
    "ngày", "10", "12", "2013"].
    """
    return analyze(text, query=query).exact


def _database_words(text: str) -> str:
    """Each word of `text` as a database query reads it: typed with
    diacritics, as its `marked_key` (that syllable only: "sổ" is not "số");
    without, folded (every accented form: "so" is sổ, số and so)."""
    words = WORD_RE.findall(normalize(text))
    return " ".join(marked_key(word) or fold_word(word) for word in words)


def database_query(text: str) -> str:
    """A search box's `text` for a database full-text index of folded text
    with `marked_words` (the admin's): each word typed with diacritics as its
    `marked_key`, the others folded (`_database_words`), each symbol in any
    spelling ("29 CT TU", "29-ct/tu") as its compact key ("29cttu"), other
    punctuation as spaces. A query that only names a document ("Chỉ thị số
    29-CT/TU") is that document's key alone."""
    whole = _whole_symbol(text)
    if whole:
        return compact_key(whole.key)
    text = nfc(text)
    parts, last = [], 0
    for match in _symbol_matches(text, loose=True):
        parts.append(_database_words(text[last : match.start()]))
        parts.append(compact_key(_symbol_from_match(match).key))
        last = match.end()
    parts.append(_database_words(text[last:]))
    return " ".join(SLUG_JUNK_RE.sub(" ", " ".join(parts)).split())
