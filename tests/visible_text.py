"""What a person sees on a screen, and which of it is English.

`SCREEN_TEXT_JS` collects, in a real browser, every text a person meets on
the current screen: rendered text, what a screen reader reads (visually
hidden labels included), aria-label, title, placeholder, alt, button values
and the tab title. `english_words` then flags every word that cannot be
Vietnamese:

- a word with a Vietnamese letter or mark (ă, â, đ, ê, ô, ơ, ư or a tone) is
  Vietnamese;
- a word with two capitals or a digit is a code (UBND, TTg, 29-CT/TU, A4),
  a single letter an initial ("T/M");
- text inside <code> is what to type (a slug, a number in lower case);
- a word written without marks is Vietnamese only if it is a syllable that
  Vietnamese writes without marks: an onset, a vowel group, and at most a
  final m, n, ng or nh (a syllable ending in c, ch, p or t always carries a
  tone mark). "Password", "Search", "Root", "None", "Actions", "Wagtail" all
  fail this; "tin", "ban", "cho", "in", "to" pass;
- a few short English words that look like such syllables are listed.
"""

import re

SCREEN_TEXT_JS = """() => {
    const out = [document.title];
    const seen = (el) => el.checkVisibility
        ? el.checkVisibility({contentVisibilityAuto: true})
        : !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    // <code>: what to type, such as a slug or a number in lower case.
    const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'CODE']);
    for (const el of document.querySelectorAll('body *')) {
        if (skip.has(el.tagName) || el.closest('code') || !seen(el)) continue;
        for (const node of el.childNodes) {
            if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent);
        }
        for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
            if (el.getAttribute(attr)) out.push(el.getAttribute(attr));
        }
        if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) {
            out.push(el.value);
        }
    }
    return out;
}"""

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
# Vowel groups that Vietnamese writes without any mark (those needing â, ê,
# ô, ơ, ư or ă, such as "iê" or "ươ", cannot appear in an unmarked word).
_NUCLEUS = (
    r"(?:oai|oay|oeo|uay|uya|uyu|ai|ao|au|ay|eo|ia|iu|oa|oe|oi|oo|ua|ui|uy|[aeiouy])"
)
_UNMARKED_SYLLABLE = re.compile(rf"{_ONSET}{_NUCLEUS}(?:ng|nh|[mn])?")
_VIETNAMESE_LETTERS = re.compile(r"[^\x00-\x7f]")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: Loanwords written the same in Vietnamese ("lắp camera").
LOANWORDS = {"camera", "video", "radio", "gas"}
#: English words shaped like unmarked Vietnamese syllables.
LOOKALIKES = {"on", "go", "do", "so", "my", "can", "man", "ten", "pin", "the", "no"}


def is_vietnamese_or_code(word: str) -> bool:
    if _VIETNAMESE_LETTERS.search(word) or any(ch.isdigit() for ch in word):
        return True
    if len(word) == 1 or sum(ch.isupper() for ch in word) >= 2:
        return True  # an initial ("T/M"), a code ("UBND", "TTg")
    lower = word.lower()
    if lower in LOANWORDS:
        return True
    return lower not in LOOKALIKES and bool(_UNMARKED_SYLLABLE.fullmatch(lower))


def english_words(texts, allowed=frozenset()) -> list[str]:
    """The words of `texts` that are not Vietnamese, codes or `allowed` names."""
    found = set()
    for text in texts:
        # Addresses and file names are not words a person reads as language.
        text = re.sub(
            r"\S+@\S+|https?://\S+|\S+\.(?:pdf|png|jpe?g|txt|wav)\b", " ", text
        )
        for word in WORD.findall(text):
            if word not in allowed and not is_vietnamese_or_code(word):
                found.add(word)
    return sorted(found)
