"""The words of a query: which syllables belong together, which only ask.

Vietnamese writes a word of two or more syllables with spaces inside it
("khai sinh", "căn cước", "góp ý"), so a page holds a word only where its
syllables stand side by side: "triển khai … sinh hoạt" does not hold
"khai sinh", and "góp phần" is not the "góp" of "góp ý". A query is cut into
words here, once; the backends then require each word of several syllables
as adjacent pairs, and the highlighter marks whole words only.

Three sources decide where words are:

- no word crosses the edge of a phrase of the synonym table ("ủy ban nhân
  dân", "năm xây ba chống"); inside one, the words are the segmenter's
  ("ủy ban" + "nhân dân"), and a phrase it leaves in single syllables (a
  slogan, a name) or that holds numbers is one word;
- question and function words ("thủ tục", "ở đâu", "như thế nào", "của",
  "cho") are found by `QUESTION_WORDS` and marked optional: they rank, but a
  page need not hold them, so a resident's question does not fail on its
  wording;
- the rest of a query typed with marks is segmented by underthesea's word
  segmenter (a CRF model trained on the VLSP 2013 corpus, shipped with the
  package, about 0.2 ms a query). A run the model leaves in single syllables
  stays so: a single-syllable word is found anywhere. Typed without marks,
  a run is too ambiguous for the model and stays in single syllables.

Pure functions of the tokens; the model is loaded on first use.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import analysis

logger = logging.getLogger(__name__)

#: Words that frame a resident's question rather than say what it is about,
#: and the function words of any sentence, longest first. A query typed with
#: diacritics is compared as typed; one typed without them only with the
#: phrases ("o dau" is "ở đâu"; a lone "co" may be "cơ"). A query made of
#: nothing else keeps them as its words.
QUESTION_WORDS: tuple[str, ...] = (
    # asking
    "cho tôi hỏi",
    "cho hỏi",
    "xin hỏi",
    "tôi muốn",
    "muốn",
    "làm sao",
    "làm thế nào",
    "như thế nào",
    "thế nào",
    "ra sao",
    "ở đâu",
    "chỗ nào",
    "nơi nào",
    "cần những gì",
    "cần gì",
    "những gì",
    "gì",
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "khi nào",
    "lúc nào",
    "mất bao lâu",
    "có được không",
    "được không",
    "hay không",
    "có không",
    "không ạ",
    "ạ",
    "nhé",
    "vậy",
    "thủ tục",
    "cách",
    "cần",
    "phải",
    "làm",
    "tôi",
    "em",
    "mình",
    # function words
    "của",
    "và",
    "các",
    "những",
    "cho",
    "với",
    "để",
    "được",
    "có",
    "là",
    "thì",
    "trong",
    "tại",
    "về",
    "theo",
    "từ",
    "đến",
    "này",
    "đó",
    "ở",
    "nào",
    "đâu",
)


@dataclass(frozen=True, slots=True)
class Word:
    """Tokens `start` to `end` (exclusive) of a query form one word."""

    start: int
    end: int
    optional: bool = False

    @property
    def size(self) -> int:
        return self.end - self.start


@lru_cache(maxsize=2)
def _question_patterns(precise: bool) -> tuple[tuple[str, ...], ...]:
    patterns = set()
    for phrase in QUESTION_WORDS:
        tokens = analysis.analyze(phrase)
        # Folded, one syllable is too many words: "thi" is "thì" and "thị",
        # "co" is "có" and "cơ". Only phrases ("o dau", "thu tuc") are safe.
        if precise or len(tokens.folded) > 1:
            patterns.add(tuple(tokens.exact if precise else tokens.folded))
    return tuple(sorted(patterns, key=len, reverse=True))


_model_lock = threading.Lock()
# gunicorn's gthread workers serve requests on threads; the CRF tagger
# underneath is one C object per process, asked by one thread at a time.
_segment_lock = threading.Lock()
_segmenter = None


def _load_segmenter():
    global _segmenter
    with _model_lock:
        if _segmenter is None:
            try:
                from underthesea import word_tokenize
            except ImportError:  # pragma: no cover - a broken install
                logger.error("underthesea missing: query words are syllables")
                word_tokenize = None
            _segmenter = word_tokenize or (lambda text: text.split())
    return _segmenter


def warm_up() -> None:
    """Load the segmentation model now (a gunicorn worker's first search
    would otherwise wait about 0.3 s for it)."""
    segment_syllables(("khởi", "động"))


@lru_cache(maxsize=4096)
def segment_syllables(syllables: tuple[str, ...]) -> tuple[int, ...]:
    """Sizes of the words that `syllables` (letters only) form, in order:
    ("đăng", "ký", "khai", "sinh") → (2, 2)."""
    if len(syllables) < 2:
        return (1,) * len(syllables)
    segmenter = _load_segmenter()
    with _segment_lock:
        words = segmenter(" ".join(syllables))
    sizes = [len(word.split()) for word in words]
    if sum(sizes) != len(syllables):  # the model split differently: trust nothing
        return (1,) * len(syllables)
    return tuple(sizes)


def split_words(
    exact: Sequence[str],
    folded: Sequence[str],
    *,
    precise: bool,
    phrases: Sequence[tuple[int, int]] = (),
) -> list[Word]:
    """The words of one query variant, in order, covering every token.

    `phrases` are spans no word crosses (synonym phrases): each is
    segmented on its own, and kept as one word when that gives single
    syllables only or it holds a number. Runs of syllables between them are
    segmented; numbers and symbols are words of their own. Then question
    and function words (`QUESTION_WORDS`, whole words only: the "cách" of
    "cách ly" stays) become optional, unless nothing else would be left.
    """
    fixed = dict(phrases)
    words: list[Word] = []
    run: list[int] = []

    def flush() -> None:
        at = 0
        # Without its marks a run is too ambiguous for the model ("tiep cong
        # dan khieu nai" comes out in odd pairs): its syllables stay single
        # words, found anywhere (adjacency still ranks, as phrase boosts).
        sizes = (
            segment_syllables(tuple(exact[i] for i in run))
            if precise
            else (1,) * len(run)
        )
        for size in sizes:
            words.append(Word(run[at], run[at] + size))
            at += size
        run.clear()

    index = 0
    while index < len(exact):
        if index in fixed:
            flush()
            words += _phrase_words(exact, index, fixed[index])
            index = fixed[index]
        elif exact[index].isalpha():
            run.append(index)
            index += 1
        else:
            flush()
            words.append(Word(index, index + 1))
            index += 1
    flush()
    tokens = exact if precise else folded
    inside = {i for start, end in phrases for i in range(start, end)}
    return _mark_questions(words, tokens, _question_patterns(precise), inside)


def _phrase_words(exact: Sequence[str], start: int, end: int) -> list[Word]:
    syllables = tuple(exact[start:end])
    sizes = segment_syllables(syllables) if all(s.isalpha() for s in syllables) else ()
    if not sizes or max(sizes) == 1:
        return [Word(start, end)]
    words, at = [], start
    for size in sizes:
        words.append(Word(at, at + size))
        at += size
    return words


def _mark_questions(
    words: list[Word],
    tokens: Sequence[str],
    patterns: tuple[tuple[str, ...], ...],
    fixed: set[int],
) -> list[Word]:
    ends = {word.end: position for position, word in enumerate(words)}
    optional = [False] * len(words)
    position = 0
    while position < len(words):
        start = words[position].start
        for pattern in patterns:
            end = start + len(pattern)
            if (
                start not in fixed
                and end in ends
                and tuple(tokens[start:end]) == pattern
            ):
                last = ends[end]
                for covered in range(position, last + 1):
                    optional[covered] = True
                position = last + 1
                break
        else:
            position += 1
    if all(optional):
        return words  # "thủ tục" alone: those are the words looked for
    return [
        Word(word.start, word.end, optional=flag)
        for word, flag in zip(words, optional, strict=True)
    ]
