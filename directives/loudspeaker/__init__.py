"""The loudspeaker: what the announcer reads on air, and when.

- `numbers`: numbers, months and ordinals in words (hai mươi mốt, tháng tư);
- `verbalizer`: any text with every number, date, time, symbol and
  abbreviation written out as it is spoken (``verbalize``; with
  ``script=True`` also no bracket or quotation mark, and a capital at every
  sentence start);
- `patterns`: what a symbol, a phone number, a date or a quantity looks like;
- `script`: the script of a directive or notice (``build_script``);
- `speech`: the script read aloud by espeak-ng (``audio_for``);
- `programme`: the week's morning and evening slots.
"""

from .numbers import number_to_words
from .verbalizer import verbalize

__all__ = ["number_to_words", "verbalize"]
