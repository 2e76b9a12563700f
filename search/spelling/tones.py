"""Where the tone mark goes: one placement for the whole portal.

Vietnamese is typed with two placements for open oa, oe, uy ("hoà"/"hòa",
"thuỷ"/"thủy"). The portal uses the traditional one everywhere: `normalize`
compares with it, and the loudspeaker writes it (ủy, hòa, khóa).
`unify_tone_marks` keeps case and every other character.
"""

import unicodedata
from functools import lru_cache

from .characters import LETTERS_RE, TONE_MARKS, VOWEL_MARKS, VOWELS, nfc

_MARKED_VOWELS = frozenset("ăâêôơư")
_CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})


def _tone_position(syllable: str) -> int | None:
    """Index of the vowel that carries the tone in the traditional style.

    `syllable` is lower case without tone mark ("thuy", "hoan", "nguyên").
    Returns None when it is not a Vietnamese syllable, so foreign words are
    left as they are.
    """
    length = len(syllable)
    start = 0
    while start < length and syllable[start] not in VOWELS:
        start += 1
    if start == length:
        return None
    onset = syllable[:start]
    # In "qu" and in "gi" before a vowel the u/i belong to the consonant:
    # quý, quả, già, giữa.
    if (
        onset in ("q", "g")
        and syllable[start] == ("u" if onset == "q" else "i")
        and start + 1 < length
        and syllable[start + 1] in VOWELS
    ):
        start += 1
    end = start
    while end < length and syllable[end] in VOWELS:
        end += 1
    nucleus, coda = syllable[start:end], syllable[end:]
    if coda not in _CODAS or len(nucleus) > 3:
        return None
    marked = [i for i in range(start, end) if syllable[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # thuyết, người, thuở
    if len(nucleus) == 1:
        return start
    if coda:
        return end - 1  # hoàn, khoảng, quỳnh: same in both styles
    if len(nucleus) == 3:
        return start + 1  # ngoài, khuỷu, xoáy
    # Open oa, oe, uy: the two styles differ here (hòa/hoà, thủy/thuỷ);
    # the traditional one marks the first vowel, like every other open pair.
    return start


# Words `retone_word` leaves as they are, as `unify_tone_marks` met them
# (emptied when it grows past this many: a text's words are few).
_UNCHANGED: set[str] = set()
_UNCHANGED_SIZE = 200_000


@lru_cache(maxsize=65536)
def retone_word(word: str) -> str:
    """Move the tone mark of one NFC word to its traditional place."""
    if word.isascii():
        return word
    letters: list[str] = []  # lower case, without tone
    upper: list[bool] = []
    tone = tone_at = None
    for index, char in enumerate(word):
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:
            if mark in TONE_MARKS:
                if tone is not None:
                    return word  # two tones: not a single syllable
                tone, tone_at = mark, index
            elif mark not in VOWEL_MARKS:
                return word  # ü, ç …: not Vietnamese, leave it alone
        shape = "".join(mark for mark in marks if mark in VOWEL_MARKS)
        letters.append(nfc(base + shape).lower())
        upper.append(char.isupper())
    if tone is None:
        return word
    target = _tone_position("".join(letters))
    if target is None or target == tone_at:
        return word
    letters[target] = nfc(letters[target] + tone)
    return "".join(
        letter.upper() if is_upper else letter
        for letter, is_upper in zip(letters, upper, strict=True)
    )


def unify_tone_marks(text: str) -> str:
    """Return NFC `text` with every tone mark at its traditional place.

    "hoà" → "hòa", "Thuỷ" → "Thủy", "uỷ" → "ủy", "khoá" → "khóa"; "hoàn",
    "khoảng", "thuyết" are unchanged (both styles agree when a final
    consonant follows). Case and everything else are kept; words that are
    not Vietnamese syllables are left untouched.
    """
    text = nfc(text)
    # Almost every word is already in its place: look each distinct word up
    # once (words seen unchanged before in one set difference) and rewrite
    # the text only when one of them moves, instead of a Python call for
    # every word of a long text (snippets compare whole excerpts this way).
    unknown = set(LETTERS_RE.findall(text)) - _UNCHANGED
    if all(retone_word(word) == word for word in unknown):
        if len(_UNCHANGED) + len(unknown) > _UNCHANGED_SIZE:
            _UNCHANGED.clear()
        _UNCHANGED.update(unknown)
        return text
    return LETTERS_RE.sub(lambda m: retone_word(m.group()), text)
