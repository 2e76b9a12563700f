"""The other spellings of one word: a final i or y that is one sound
(kí/ký, công ti/công ty), and diacritics spelt as digits for database
indexes whose tokenizers fold letters their own way ("sổ" → "so63")."""

import re
import unicodedata
from functools import lru_cache

from .characters import LETTERS_RE, TONE_MARKS, VOWELS, WORD_RE
from .folding import fold, normalize

# After h, k, l, m, s, t and qu, a final i and y are one sound written either
# way (kí/ký, lí/lý, mĩ/mỹ, sĩ/sỹ, công ti/công ty, qui/quy): the search
# reads both as the y that administrative texts use ("đăng kí" is "đăng ký").
# Not after v: "vi phạm" is never written with y.
_I_TO_Y = str.maketrans("iíìỉĩị", "yýỳỷỹỵ")
_I_Y_RE = re.compile(r"(qu|[hklmst])([iíìỉĩịyýỳỷỹỵ])")
_Y_TO_I = {y: i for i, y in zip("iíìỉĩị", "yýỳỷỹỵ", strict=True)}


def unify_i_y(word: str) -> str:
    """One `normalize`d or folded word with a final i/y after h, k, l, m, s,
    t or qu spelt with y: "kí" → "ký", "li" → "ly", "qui" → "quy"; every
    other word as it is ("vi", "khi", "tai")."""
    match = _I_Y_RE.fullmatch(word)
    return match[1] + match[2].translate(_I_TO_Y) if match else word


def i_y_spellings(word: str) -> tuple[str, ...]:
    """Both spellings of a word `unify_i_y` would change or keep ("kí" →
    ("ký", "kí")), the y one first; any other word alone."""
    match = _I_Y_RE.fullmatch(word)
    if not match:
        return (word,)
    y = match[2].translate(_I_TO_Y)
    return (match[1] + y, match[1] + _Y_TO_I[y])


def i_y_pattern(word: str) -> str:
    """A regular expression for `word` (`unify_i_y`'d) in either spelling:
    "ký" → "k[ýí]"; other words escaped as they are."""
    spellings = i_y_spellings(word)
    if len(spellings) == 1:
        return re.escape(word)
    y_form, i_form = spellings
    return f"{re.escape(y_form[:-1])}[{y_form[-1]}{i_form[-1]}]"


# Diacritics spelt as digits (the VNI typing convention): a vowel's shape
# after its letter, the tone after the syllable's last vowel.
_MARK_DIGITS = {
    "\u0302": "6",  # â ê ô
    "\u0306": "8",  # ă
    "\u031b": "7",  # ơ ư
    "\u0301": "1",  # sắc
    "\u0300": "2",  # huyền
    "\u0309": "3",  # hỏi
    "\u0303": "4",  # ngã
    "\u0323": "5",  # nặng
}


@lru_cache(maxsize=65536)
def marked_key(word: str) -> str | None:
    """One word of `normalize`d text as an unaccented word that still tells
    its diacritics apart, or None when it has none: "sổ" → "so63", "số" →
    "so61", "đỏ" → "d9o3", "cấp" → "ca61p", "hòa" and "hoà" → "hoa2".

    For a database full-text index, whose tokenizer folds some letters and
    not others: an ASCII word is kept whole by every one of them. The tone
    stands after the last vowel, so both tone placements give one key and a
    word typed up to its vowels ("hoà") is a prefix of longer ones ("hoàng").
    """
    letters: list[str] = []
    tone = ""
    last_vowel = -1
    for char in unicodedata.normalize("NFD", word):
        if char in TONE_MARKS:
            tone = _MARK_DIGITS[char]
        elif char in _MARK_DIGITS:
            letters.append(_MARK_DIGITS[char])
        elif unicodedata.combining(char):
            continue  # ü, ç …: folded like the rest
        elif char == "đ":
            letters.append("d9")
        else:
            letters.append(char)
            if char in VOWELS:
                last_vowel = len(letters)
        if last_vowel == len(letters) - 1 and letters[-1].isdigit():
            last_vowel = len(letters)  # the shape digit stays with its vowel
    if tone:
        if last_vowel < 0:
            return None  # a tone without a vowel: not a syllable
        letters.insert(last_vowel, tone)
    key = "".join(letters)
    return key if key != word else None


def marked_words(text: str, *, normalized: bool = False) -> list[str]:
    """`marked_key` of every word of `text` that has diacritics, in order,
    in both spellings where i and y are one (`i_y_spellings`). `normalized`:
    `text` is `normalize`d already."""
    words = WORD_RE.findall(text if normalized else normalize(text))
    return [key for word in words for key in _marked_keys(word)]


# A text's words are few (Vietnamese syllables): the work per word is
# remembered, and a long body costs a dictionary look-up a word.
@lru_cache(maxsize=65536)
def _marked_keys(word: str) -> tuple[str, ...]:
    keys = (marked_key(form) for form in i_y_spellings(word))
    return tuple(key for key in keys if key)


@lru_cache(maxsize=65536)
def _other_forms(word: str) -> tuple[str, ...]:
    return tuple(form for form in i_y_spellings(word) if form != word)


def other_spellings(text: str, *, folded: bool = False) -> list[str]:
    """The other spelling of every folded word of `text` written with a
    final i or y that is one sound (`i_y_spellings`: "ky" for "ki", "ti" for
    "ty"), in order: what a database index adds so that a word is found
    however it is typed, even as the prefix of a longer one ("ti" of "tiếp").
    `folded`: `text` is `fold`ed already."""
    return [
        form
        for word in LETTERS_RE.findall(text if folded else fold(text))
        for form in _other_forms(word)
    ]
