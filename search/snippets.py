"""Highlighted excerpts: the original text, HTML-escaped, with <mark> added.

Only what matched is marked, by the rules the search matched with
(`search.plan`): a query typed without diacritics is compared with the
folded text, so "chi thi" marks "Chỉ thị"; one typed with them with the text
as written (tone-mark placement unified), so "sổ đỏ" never marks "số" or
"độ". A word of several syllables is marked only where they stand side by
side ("góp ý", not the "góp" of "góp phần"), and a symbol marks every
spelling of itself ("29-CT/TU" for "29 ct tu"). What is shown is always the
original characters.

A directive or notice whose original file (a scan, a signed PDF) was read
into text may match only in that text (`SearchDocument.original`): its
snippet is then cut from the page of the original that holds the words, and
says which page (`snippet`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext as _

from . import analysis

WIDTH = 240
# Long documents are searched for a match only near their start: an excerpt
# from the first 8,000 characters is as useful and keeps snippets cheap.
SCAN_CHARS = 8_000
# ... and in steps: most match early, and comparing text as written (tone
# marks unified) costs more than finding the match.
FIRST_SCAN = 1_000
# The pages of a document's original are searched for a match up to this
# many characters in all (a scanned directive of a dozen pages).
ORIGINAL_SCAN_CHARS = 4 * SCAN_CHARS

# What django.utils.html.escape writes (it calls this one), without the
# lazy-string checks it does on every call: snippets escape a few pieces a hit.
_escape = html.escape

_SYMBOL_SEP = r"\s*[-/\u2010-\u2015\u2212 ]\s*"


def _term_pattern(term: str) -> str:
    if "-" in term and any(ch.isdigit() for ch in term):
        # A symbol key: any separators, leading zeros on the number.
        number, *codes = term.split("-")
        return "0*" + _SYMBOL_SEP.join([re.escape(number), *map(re.escape, codes)])
    return analysis.i_y_pattern(term)  # "ký" marks "kí" too


# Between the syllables of one word: spaces, or the punctuation of
# "phòng, chống" and "5 xây, 3 chống".
_BETWEEN = r"[^\w]{1,3}"


def _matcher(patterns: Iterable[tuple[str, ...]]) -> re.Pattern[str] | None:
    # Single letters would mark half the text; keep numbers of any length.
    wanted = {
        keys
        for keys in patterns
        if keys and (len(keys) > 1 or len(keys[0]) > 1 or keys[0].isdigit())
    }
    if not wanted:
        return None
    return _compiled(frozenset(wanted))


@lru_cache(maxsize=1024)
def _compiled(wanted: frozenset[tuple[str, ...]]) -> re.Pattern[str]:
    """The pattern of `_matcher`, built once for the words of a query (every
    hit of a page of results, and the next searches, ask for the same)."""
    alternatives = sorted(
        (_BETWEEN.join(map(_term_pattern, keys)) for keys in wanted),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


class _CharFolds(dict):
    """Code point → its folded character (`analysis.fold` of it alone), or
    None when it folds to nothing or to several characters; filled lazily."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if char.isspace():
            folded = char  # fold() strips a lone space to nothing
        else:
            folded = analysis.fold(char)
            folded = folded if len(folded) == 1 else None
        self[code] = folded
        return folded


_CHAR_FOLDS = _CharFolds()


def _folded_same_length(text: str) -> str | None:
    """`fold(text)` when it maps character for character, else None.

    `text` is already one-line (single spaces). Folding is then a matter of
    each character on its own (tone-mark placement, which `normalize` fixes
    per word, disappears with the marks), so a translation table does it in
    one pass; a character that folds to nothing or to more than one (a
    combining mark, a zero-width space, "İ") changes the length and sends
    the text to the careful path, as `fold(text)` would.
    """
    folded = text.translate(_CHAR_FOLDS)
    return folded if len(folded) == len(text) else None


def _exact_same_length(text: str) -> str | None:
    """`text` as the exact index fields hold it (lower case, tone marks at
    their traditional place), when that keeps every offset."""
    exact = analysis.unify_tone_marks(text).lower()
    return exact if len(exact) == len(text) else None


def _spans(text: str, matcher: re.Pattern[str], exact: bool) -> list[tuple[int, int]]:
    compared = _exact_same_length(text) if exact else _folded_same_length(text)
    if compared is not None:
        return [m.span() for m in matcher.finditer(compared)]
    # Rare text whose folding changes its length (ligatures, odd spaces):
    # compare word by word, keeping the offsets of the original.
    convert = analysis.normalize if exact else analysis.fold
    spans = []
    for word in re.finditer(r"\S+", text):
        for match in matcher.finditer(convert(word.group()).ljust(len(word[0]))):
            start, end = match.span()
            spans.append((word.start() + start, word.start() + min(end, len(word[0]))))
    return spans


@lru_cache(maxsize=1024)
def _matchers(words: tuple) -> tuple[tuple[bool, re.Pattern[str]], ...]:
    """(exact, pattern) of the query's words compared with the folded text
    and of those compared as written; once per query (`plan.Word`s are
    frozen: equal words give equal patterns)."""
    found = []
    for exact in (False, True):
        keys = [
            tuple(term.key for term in word.terms)
            for word in words
            if word.exact_only == exact
        ]
        matcher = _matcher(keys)
        if matcher:
            found.append((exact, matcher))
    return tuple(found)


def _word_spans(text: str, words) -> list[tuple[int, int]]:
    """Where the query's words stand in `text`, in order, without overlaps."""
    spans = []
    for exact, matcher in _matchers(tuple(words)):
        spans += _spans(text, matcher, exact)
    spans.sort()
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _merge_adjacent(text: str, spans: list[tuple[int, int]]):
    """One <mark> for "Chỉ thị" rather than one per syllable."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            merged
            and start >= merged[-1][1]
            and not text[merged[-1][1] : start].strip()
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _cut(text: str, at: int) -> int:
    """The end of the word that character `at` is in (the text's end)."""
    if at >= len(text):
        return len(text)
    space = text.find(" ", at)
    return len(text) if space == -1 else space


def _first_spans(text: str, words: list, width: int) -> list[tuple[int, int]]:
    """`_word_spans` of the start of `text` that holds the first match and
    the `width` characters after it: the start only, growing until a match."""
    end, limit = 0, FIRST_SCAN
    while end < len(text):
        end = _cut(text, limit)
        spans = _word_spans(text[:end], words)
        if spans:
            if spans[0][0] + width > end:  # the excerpt reaches further
                end = _cut(text, spans[0][0] + width)
                spans = _word_spans(text[:end], words)
            return spans
        limit *= 4
    return []


def _excerpt(
    text: str, spans: list[tuple[int, int]], width: int, first: int | None = None
) -> str:
    """The excerpt of one-line `text` around its first span (or the
    character `first`), the spans in it marked."""
    if first is None:
        first = spans[0][0] if spans else 0
    lo = max(0, first - width // 3)
    if lo:
        space = text.rfind(" ", 0, lo)
        lo = space + 1 if space != -1 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    out, pos = [], lo
    for start, end in _merge_adjacent(text, spans):
        if start < pos or end > hi:
            continue
        out.append(_escape(text[pos:start]))
        out.append(f"<mark>{_escape(text[start:end])}</mark>")
        pos = end
    out.append(_escape(text[pos:hi]))
    return ("… " if lo else "") + "".join(out) + (" …" if hi < len(text) else "")


def _one_line(text: str) -> str:
    return " ".join(text[:SCAN_CHARS].split())


def highlight(text: str, words: Iterable, width: int = WIDTH) -> str:
    """An excerpt of `text` around the first match of `words` (the query's
    `plan.Word`s, `QueryPlan.highlight_words`).

    HTML-escaped, with each match wrapped in <mark>; "… " or " …" where text
    was cut. Without any match, the start of the text.
    """
    text = _one_line(text)
    return _excerpt(text, _first_spans(text, list(words), width), width)


def original_to_scan(pages: Iterable[dict]) -> list[dict]:
    """The pages of an original ({"number", "text"}) a snippet may be cut
    from, as an index stores them: each page's first `SCAN_CHARS`, at most
    `ORIGINAL_SCAN_CHARS` in all (a match further on is found, and the
    result shows the start of its own text instead)."""
    kept, left = [], ORIGINAL_SCAN_CHARS
    for page in pages:
        text = _one_line(page["text"])[:left]
        if text:
            kept.append({"number": page["number"], "text": text})
            left -= len(text)
        if left <= 0:
            break
    return kept


def _found(text: str, words: list) -> set[int]:
    """Which of `words` (their indexes) `text` holds."""
    found = set()
    for index, word in enumerate(words):
        matcher = _matcher([tuple(term.key for term in word.terms)])
        if matcher is not None and _spans(text, matcher, word.exact_only):
            found.add(index)
    return found


def _quote_original(pages: Iterable[dict], words: list, heading: str, width: int):
    """The snippet fields quoting the page of the original that holds the
    most of the query's words the heading does not (the first such page);
    None when no page holds one."""
    wanted = set(range(len(words))) - _found(_one_line(heading), words)
    best, most = None, 0
    for page in pages if wanted else ():
        text = _one_line(page["text"])
        count = len(_found(text, words) & wanted)
        if count > most:
            best, most = (page["number"], text), count
            if most == len(wanted):
                break
    if best is None:
        return None
    number, text = best
    # Around the first of those words; every word of the query marked.
    anchor = _first_spans(text, [words[index] for index in sorted(wanted)], width)
    first = anchor[0][0] if anchor else 0
    spans = _word_spans(text[: _cut(text, first + width)], words)
    prefix = _("Trích từ bản gốc, trang %(number)s: ") % {"number": number}
    return {
        "snippet": _escape(prefix) + _excerpt(text, spans, width, first),
        "original_page": number,
    }


def snippet(
    text: str,
    words: Iterable,
    original: Iterable[dict] = (),
    heading: str = "",
    width: int = WIDTH,
) -> dict:
    """A result's snippet fields: {"snippet": `highlight` of `text`}, or,
    when `text` holds no word of the query but a page of the original does
    (`original`: {"number", "text"}, `original_to_scan`), one that
    `heading` (the title, type, issuer and number) does not hold either, an
    excerpt of that page after «Trích từ bản gốc, trang N: », and
    "original_page": N."""
    words = list(words)
    text = _one_line(text)
    spans = _first_spans(text, words, width)
    if not spans and words and original:
        quoted = _quote_original(original, words, heading, width)
        if quoted is not None:
            return quoted
    return {"snippet": _excerpt(text, spans, width)}
