"""How Vietnamese is spelled, as text mechanics: letters, tone marks, folding.

The layer under everything that compares text. Standard library only, no
Django, and no vocabulary: `directives.vocabulary` reads it to match names in
any spelling, and `search.analysis` (document numbers, tokens, synonyms)
builds on both. Keeping these mechanics below the vocabulary is what lets the
vocabulary and the analysis import each other's layer without a cycle.

- `characters`: code points, dashes, invisible and control characters, NFC;
- `tones`: where the tone mark goes (the traditional placement: hòa, thủy);
- `folding`: normalised text, folded text (where "đ" becomes "d"), slugs;
- `variants`: the other spellings of a word (kí/ký, marked keys for databases).

Callers import these through `search.analysis`, which re-exports every public
name.
"""
