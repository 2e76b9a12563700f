"""The text of extracted pages made clean: NFC, no control or invisible
characters, single spaces, one blank line between paragraphs, words broken at
a line end joined again, and the running headers, footers and page numbers of
a multi-page document dropped.

Lines are kept: a directive's structure is its lines ("Điều 1.", "1.",
"- "), which reflowing into paragraphs would merge.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from search.spelling.characters import INVISIBLE, clean_controls, nfc
from search.spelling.folding import fold

# A word broken at a line end by a hyphen ("-", or U+2010 as WeasyPrint and
# other typesetters write it): "phát-\ntriển", "29-\nCT/TU".
BROKEN_WORD_RE = re.compile(r"(\w+)([-\u2010])\n(\w+)")
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
SPACES_RE = re.compile(r"[^\S\n]+")
BLANK_LINES_RE = re.compile(r"\n{3,}")
# A line that is only a page number: "2", "- 2 -", "(2)", "Trang 2", "Trang 2/3".
PAGE_NUMBER_RE = re.compile(
    r"(?:trang|tr\.|page)?\s*[-–—(\[]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–—)\]]?",
    re.IGNORECASE,
)
# How many lines at the top and at the foot of a page may be running lines.
ZONE = 2
# A running header or footer is one short line; longer ones are body text
# (and comparing paragraphs would cost seconds for a long document).
MAX_RUNNING_CHARS = 120
# Two lines at least this alike once folded (difflib's ratio of the text
# without diacritics, lower case) are the same running line: OCR misreads
# mostly diacritics ("Chi thị" for "Chỉ thị"), and a header may carry the
# page number ("Trang 2" / "Trang 13": 0.94). Pages opening with the same
# formula ("Thực hiện chủ trương của cấp trên về ...") stay below (0.91).
SAME_LINE = 0.93


def _join_broken_word(match: re.Match[str]) -> str:
    left, hyphen, right = match[1], match[2], match[3]
    if right[0].islower() and left[-1].isalpha():
        # A word split by the line break. Vietnamese words are syllables
        # written apart, so two Vietnamese pieces ("phát-", "triển") are two
        # words; pieces in plain ASCII ("docu-", "ment") are one word.
        return left + ("" if (left + right).isascii() else " ") + right
    # A capital or a digit after the hyphen: the hyphen belongs to the text
    # ("29-CT/TU", "Mác-Lênin"); only the line break goes.
    return f"{left}{hyphen}{right}"


def join_broken_words(text: str) -> str:
    """`text` with every hyphen at a line end, between two word characters,
    resolved: "phát-\\ntriển" → "phát triển", "docu-\\nment" → "document",
    "29-\\nCT/TU" → "29-CT/TU". A dash after a space ("Hà Nội -\\n") stays."""
    return BROKEN_WORD_RE.sub(_join_broken_word, text)


def clean_text(text: str) -> str:
    """One page's text, clean: NFC; no control characters and no soft
    hyphens or zero-width characters (a soft hyphen at a line end joins the
    word); every run of spaces or tabs one space; lines trimmed; broken words
    joined; at most one blank line in a row; no blank lines at the ends."""
    text = clean_controls(nfc(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLE_RE.sub("", text.replace("\u00ad\n", ""))
    text = "\n".join(line.strip() for line in SPACES_RE.sub(" ", text).split("\n"))
    text = join_broken_words(text)
    return BLANK_LINES_RE.sub("\n\n", text).strip("\n")


def is_page_number(line: str) -> bool:
    """Whether `line` is a bare page number ("2", "- 2 -", "Trang 2/3")."""
    return bool(PAGE_NUMBER_RE.fullmatch(line.strip()))


def _zone(lines: list[str]) -> list[int]:
    """Indexes of the first and the last ZONE non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:ZONE] + filled[-ZONE:]))


def _alike(matcher: SequenceMatcher, line: str, other: str) -> bool:
    """Whether `other` is `line` (the matcher's second sequence), give or take
    what OCR misreads; the cheap bounds first, as most lines differ."""
    if other == line:
        return True
    if len(other) > MAX_RUNNING_CHARS or 2 * min(len(line), len(other)) < SAME_LINE * (
        len(line) + len(other)
    ):
        return False  # even a perfect match of the shorter could not reach it
    matcher.set_seq1(other)
    return matcher.quick_ratio() >= SAME_LINE and matcher.ratio() >= SAME_LINE


def _on_most_pages(line: str, p: int, zones: list[list[str]], needed: int) -> bool:
    """Whether a line alike `line` (of page `p`) is in `needed` page zones."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(line)
    found = 1
    for q, zone in enumerate(zones):
        if q != p and any(_alike(matcher, line, other) for other in zone):
            found += 1
            if found >= needed:
                return True
    return False


def drop_running_lines(pages: list[str]) -> list[str]:
    """`pages` without their running headers and footers: a line among the
    first or last ZONE lines of a page is dropped when it is a bare page
    number, or when a line alike (`SAME_LINE`) stands among the first or last
    lines of most pages (more than half, and at least two). Top and foot are
    one zone: a text layer may hold the header last (WeasyPrint writes the
    page margins after the body) where OCR reads it first. Pages are clean
    text (`clean_text`)."""
    lines = [page.split("\n") for page in pages]
    zones = [[fold(lines[p][i]) for i in _zone(lines[p])] for p in range(len(pages))]
    needed = max(2, sum(1 for page in pages if page.strip()) // 2 + 1)
    kept = []
    for p, page_lines in enumerate(lines):
        dropped = {
            i
            for i in _zone(page_lines)
            if is_page_number(page_lines[i])
            or (
                len(page_lines[i]) <= MAX_RUNNING_CHARS
                and _on_most_pages(fold(page_lines[i]), p, zones, needed)
            )
        }
        text = "\n".join(line for i, line in enumerate(page_lines) if i not in dropped)
        kept.append(BLANK_LINES_RE.sub("\n\n", text).strip("\n"))
    return kept


def clean_pages(pages: list[str]) -> list[str]:
    """Every page cleaned (`clean_text`), then without running lines."""
    return drop_running_lines([clean_text(page) for page in pages])
