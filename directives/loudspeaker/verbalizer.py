"""Loudspeaker scripts: Vietnamese text written out as the announcer says it.

``verbalize(text)`` turns every number, date, time, percentage, unit, phone
number, document symbol, Roman numeral in context and known abbreviation into
spoken Vietnamese words. Everything else passes through unchanged (NFC),
but for the punctuation of a script line (below).

Reading conventions, chosen once and kept everywhere:

* Numbers follow the northern broadcast norm: ``21`` hai mươi mốt, ``25`` hai
  mươi lăm, ``24`` hai mươi tư, ``105`` một trăm linh năm, ``2010`` hai nghìn
  không trăm mười, ``10**9`` một tỷ, ``10**12`` một nghìn tỷ, ``10**18`` một
  tỷ tỷ. Digit strings longer than 18 digits, or with a leading zero and at
  least three digits, are read digit by digit.
* Dates read ``ngày D tháng M năm Y``; days 1 to 10 take "mồng" (ngày mồng một
  tháng tư); month 1 is tháng một, month 4 tháng tư. An existing "ngày" before
  the date is not repeated. ``17:15`` is mười bảy giờ mười lăm phút; ``7h30``
  is bảy giờ ba mươi. A dash between two dates, times or numbers reads "đến",
  a slash between two numbers "trên".
* A document symbol is read as its type, "số", the number, the year if any,
  and "của" with the issuer: ``29-CT/TU`` is "chỉ thị số hai mươi chín của
  thành ủy", ``90/2013/NĐ-CP`` is "nghị định số chín mươi năm hai nghìn không
  trăm mười ba của chính phủ". When the text already names the type ("Nghị
  quyết số 04-NQ/TW") the type is not said again ("Nghị quyết số bốn của trung
  ương"); after a bare "số" the type follows the number ("số hai mươi chín chỉ
  thị của thành ủy"); when "của <issuer>" follows in the text the issuer is
  not said twice. A date right after the symbol follows a pause, a comma
  ("chỉ thị số hai mươi chín của thành ủy, ngày mồng mười tháng tư năm hai
  nghìn không trăm hai mươi tư"); a comma already written is not doubled.
* Phone numbers are read digit by digit, groups separated by commas (a pause
  for the announcer).
* A script line (``verbalize(text, script=True)``, which `build_script`
  uses) is read whole, so nothing in it is left that the announcer cannot
  say. Quotation marks (" “ ” ‘ ’ « ») are dropped. Brackets are not read:
  what they hold is set off with commas ("Trung ương bốn, khóa mười hai, đã
  ...") unless it only restates the words before it, which is dropped ("Ủy
  ban nhân dân (UBND) phường" is "Ủy ban nhân dân phường"), or spells out an
  unknown abbreviation before it, which it replaces ("BQLCC (Ban quản lý
  chung cư)" is "Ban quản lý chung cư"); an unpaired bracket is a pause, like
  a comma. No doubled or stray comma and no double space is left, and every
  sentence (the line's start, after ". ", "! " or "? ", not after "...")
  begins with a capital letter ("đ" becomes "Đ"). `defined_abbreviations`
  finds the abbreviations a text defines that way ("Ban quản lý chung cư
  (BQLCC)"), so that the rest of a script says them in full too.
* Tone marks use the traditional placement (ủy, hòa, khóa) throughout:
  `search.analysis.unify_tone_marks`, the portal's one rule.

The patterns are in `patterns`, the codes and their spoken forms in
`directives.vocabulary`.
"""

import re
from functools import lru_cache

from directives.vocabulary import ABBREVIATIONS, SYMBOL_TYPES, UNITS, issuer
from search import analysis

from .numbers import (
    _month,
    _ordinal,
    _read_digits,
    _read_fraction,
    _read_integer,
    number_to_words,
)
from .patterns import (
    BRACKET_RE,
    BRACKETED_RE,
    CLOCK_RE,
    COMPACT_TIME_RE,
    DATE_FOLLOWS_RE,
    DAY_MONTH_RE,
    DMY_RE,
    FULL_HOUR_RE,
    ISO_DATE_RE,
    ISSUER_NAMED_RE,
    MONTH_RE,
    MONTH_YEAR_RE,
    ORDINAL_RE,
    PHONE_CONTEXT_RE,
    PHONE_RE,
    QUANTITY_RE,
    QUOTE_RE,
    ROMAN_CONTEXT_RE,
    ROMAN_VALID_RE,
    ROMAN_VALUES,
    SENTENCE_START_RE,
    SYMBOL_RE,
    TEXT_DATE_RE,
)

# --- Rules -----------------------------------------------------------------
# The text is a list of pieces (text, kind); kind None means not yet spoken.
# Each rule rewrites only unspoken pieces, so nothing is read twice.

_NUMERIC = frozenset({"number", "date", "time"})


def _apply(pieces, pattern, handler):
    out = []
    for text, kind in pieces:
        if kind is not None:
            out.append((text, kind))
            continue
        pos = 0
        for match in pattern.finditer(text):
            result = handler(match)
            if result is None:
                continue
            if match.start() > pos:
                out.append((text[pos : match.start()], None))
            out.append(result)
            pos = match.end()
        if pos < len(text):
            out.append((text[pos:], None))
    return out


_BETWEEN_NUMBERS = {"-": " đến ", "–": " đến ", "—": " đến ", "/": " trên "}


def _spoken_roman(roman: str) -> int | None:
    if not ROMAN_VALID_RE.fullmatch(roman):
        return None
    values = [ROMAN_VALUES[c] for c in roman]
    return sum(
        -v if v < w else v for v, w in zip(values, values[1:] + [0], strict=True)
    )


def _say_date(prefix: str | None, day: int, month: int, year: int | None):
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    words = [prefix or "ngày"]
    if (prefix is None or prefix.lower() == "ngày") and day <= 10:
        words.append("mồng")
    words += [number_to_words(day), "tháng", _month(month)]
    if year is not None:
        words += ["năm", number_to_words(year)]
    return " ".join(words), "date"


def _say_time(hour: int, minute: int, with_minute_word: bool):
    if hour > 24 or minute > 59:
        return None
    words = [number_to_words(hour), "giờ"]
    if minute:
        words.append(number_to_words(minute))
        if with_minute_word:
            words.append("phút")
    return " ".join(words), "time"


def _say_phone(digits: str) -> str:
    groups = re.split(r"[ .\-]+", digits)
    if len(groups) == 1:
        plain = groups[0]
        sizes = {10: (4, 3, 3), 11: (4, 4, 3)}.get(len(plain), (len(plain),))
        groups, start = [], 0
        for size in sizes:
            groups.append(plain[start : start + size])
            start += size
    spoken = []
    for group in groups:
        words = _read_digits(group)
        spoken.append("cộng " + words if group.startswith("+") else words)
    return ", ".join(spoken)


class _Verbalizer:
    """One configuration of tables; ``run`` speaks one text."""

    def __init__(self, abbreviations: dict, issuers: dict):
        self.abbreviations = abbreviations
        self.issuers = issuers
        keys = [k for k in abbreviations if k]
        self.abbreviation_re = None
        if keys:
            # Keys ending in "." (TP.) may run straight into the name (TP.HCM).
            alternatives = [
                re.escape(k) + ("" if k.endswith(".") else r"(?!\w)")
                for k in sorted(keys, key=len, reverse=True)
            ]
            self.abbreviation_re = re.compile(
                r"(?<!\w)(?:" + "|".join(alternatives) + ")"
            )
        symbols = [
            (SYMBOL_RE, self._symbol),
            (PHONE_CONTEXT_RE, self._phone_in_context),
            (PHONE_RE, self._phone),
        ]
        numbers = [
            (ISO_DATE_RE, self._date),
            (DMY_RE, self._date),
            (TEXT_DATE_RE, self._date),
            (MONTH_YEAR_RE, self._month_year),
            (DAY_MONTH_RE, self._day_month),
            (CLOCK_RE, self._clock),
            (COMPACT_TIME_RE, self._compact_time),
            (FULL_HOUR_RE, self._full_hour),
            (MONTH_RE, self._month),
            (ROMAN_CONTEXT_RE, self._roman),
            (ORDINAL_RE, self._ordinal),
            (QUANTITY_RE, self._quantity),
        ]
        # Abbreviations go after symbols (whose codes they would break) and
        # before numbers; an expansion itself is read without them.
        abbreviations = []
        if self.abbreviation_re is not None:
            abbreviations = [(self.abbreviation_re, self._abbreviation)]
        self.rules = symbols + abbreviations + numbers
        self.plain_rules = symbols + numbers

    def run(
        self, text: str, expand_abbreviations: bool = True, script: bool = False
    ) -> str:
        text = analysis.clean_controls(analysis.nfc(text))
        if script:
            text = self._unbracket(QUOTE_RE.sub("", text))
        pieces = [(text, None)]
        rules = self.rules if expand_abbreviations else self.plain_rules
        for pattern, handler in rules:
            pieces = _apply(pieces, pattern, handler)
        spoken = analysis.unify_tone_marks(_join(pieces))
        return _sentence_case(_tidy_punctuation(spoken)) if script else spoken

    # Brackets in a script line ---------------------------------------------

    def _unbracket(self, text: str) -> str:
        """Brackets, innermost first: their text dropped when it restates the
        words before, put in place of an abbreviation it spells out, or else
        set off with commas. An unpaired bracket is a pause, like a comma."""
        while match := BRACKETED_RE.search(text):
            inside = " ".join((match[1] if match[1] is not None else match[2]).split())
            before, after = text[: match.start()], text[match.end() :]
            if inside.isdecimal() and re.match(r"\s*\d", after):
                text = before + inside + after  # "(0236) 3822 123": a phone
            elif not inside or self._restates(before, inside):
                text = f"{before} {after}"
            elif spelled := _spelled_out_before(before, inside):
                text = f"{spelled} {after}"
            else:
                text = f"{before}, {inside}, {after}"
        return BRACKET_RE.sub(", ", text)

    def _restates(self, before: str, inside: str) -> bool:
        """Whether `inside` only says again the words just before it: the same
        words once spoken ("UBND (Ủy ban nhân dân)"), or their abbreviation,
        known ("Ủy ban nhân dân (UBND)") or not ("Ban quản lý chung cư
        (BQLCC)")."""
        said = _folded_words(self.run(inside))
        code = inside.replace(" ", "")
        known = self._issuer(code, state_style=False)
        tail = " ".join(before.split()[-(3 * len(said) + 6) :])
        said_before = _folded_words(self.run(tail))
        for words in (said, _folded_words(known or "")):
            if words and said_before[-len(words) :] == words:
                return True
        return _abbreviates(said_before, code)

    # Symbols ---------------------------------------------------------------

    def _issuer(self, code: str, state_style: bool) -> str | None:
        if code in self.issuers:
            return self.issuers[code]
        found = issuer(code, state_style=state_style)
        return found.spoken if found else self.abbreviations.get(code)

    def _symbol(self, match):
        codes = re.split(r"[-/]", match["codes"])
        state_style = match["sep"] == "/"
        type_word = SYMBOL_TYPES.get(codes[0])
        issuer_codes = codes[1:] if type_word else codes
        if type_word is None and self._issuer(codes[0], state_style) is None:
            return None
        issuer = " ".join(self._issuer(c, state_style) or c for c in issuer_codes)

        number = number_to_words(int(match["num"]))
        if match["year"]:
            number += " năm " + number_to_words(int(match["year"]))
        if match["type"]:
            words = [match["type"], match["so"] or "số", number]
        elif match["so"]:
            words = [match["so"], number] + ([type_word] if type_word else [])
        else:
            words = ([type_word] if type_word else []) + ["số", number]
        if issuer and not ISSUER_NAMED_RE.match(match.string, match.end()):
            words += ["của", issuer]
        spoken = " ".join(words)
        if DATE_FOLLOWS_RE.match(match.string, match.end()):
            spoken += ","  # a pause before the date: "số hai mươi chín, ngày ..."
        return spoken, "symbol"

    # Phones and abbreviations ---------------------------------------------

    @staticmethod
    def _phone_in_context(match):
        spoken = _say_phone(match["digits"])
        return match["context"] + match["gap"] + spoken, "phone"

    @staticmethod
    def _phone(match):
        digits = match["digits"]
        count = sum(c.isdecimal() for c in digits)
        if not 10 <= count <= 12:
            return None
        return _say_phone(digits), "phone"

    def _abbreviation(self, match):
        key = match.group()
        spoken = self.abbreviations[key]
        if any(c.isdigit() for c in spoken):
            spoken = self.run(spoken, expand_abbreviations=False)
        # A final "TP." at the very end of a line also ended the sentence.
        end = match.end()
        if key.endswith(".") and (
            end == len(match.string) or match.string[end] == "\n"
        ):
            spoken += "."
        return spoken, "abbreviation"

    # Dates and times -------------------------------------------------------

    @staticmethod
    def _date(match):
        year = match["y"]
        return _say_date(
            match["pre"], int(match["d"]), int(match["m"]), int(year) if year else None
        )

    @staticmethod
    def _month_year(match):
        month = int(match["m"])
        if not 1 <= month <= 12:
            return None
        spoken = f"tháng {_month(month)} năm {number_to_words(int(match['y']))}"
        if match["pre"]:
            spoken = match["pre"] + spoken[len("tháng") :]
        return spoken, "date"

    @staticmethod
    def _day_month(match):
        day, month = int(match["d"]), int(match["m"])
        # "24/7" without "ngày" is round-the-clock service, not 24 July.
        if match["pre"] is None and (day, month) == (24, 7):
            return None
        return _say_date(match["pre"], day, month, None)

    @staticmethod
    def _clock(match):
        return _say_time(int(match["h"]), int(match["min"]), with_minute_word=True)

    @staticmethod
    def _compact_time(match):
        return _say_time(int(match["h"]), int(match["min"]), bool(match["tick"]))

    @staticmethod
    def _full_hour(match):
        hour = int(match["h"])
        if hour > 24:
            return None
        return number_to_words(hour) + match["word"], "time"

    @staticmethod
    def _month(match):
        month = int(match["m"])
        if not 1 <= month <= 12:
            return None
        return f"{match['pre']} {_month(month)}", "date"

    # Ordinals, Roman numerals, quantities ----------------------------------

    @staticmethod
    def _roman(match):
        value = _spoken_roman(match["roman"])
        if value is None:
            return None
        return match["context"] + match["gap"] + number_to_words(value), "number"

    @staticmethod
    def _ordinal(match):
        if match["num"]:
            value = int(match["num"])
        else:
            value = _spoken_roman(match["roman"])
            if value is None:
                return None
        return match["context"] + match["gap"] + _ordinal(value), "number"

    @staticmethod
    def _quantity(match):
        words = _read_integer(re.sub(r"[.,]", "", match["int"]))
        if match["frac"]:
            words += " phẩy " + _read_fraction(match["frac"])
        elif match["dot"]:
            words += " chấm " + _read_fraction(match["dot"])
        unit = match["unit"]
        if unit:
            if unit == "h" and match["gap"]:
                # "7 h" is too ambiguous; only "7h" is an hour.
                words += match["gap"] + unit
            else:
                words += " " + UNITS[unit]
        return words, "number"


def _join(pieces) -> str:
    """Glue the pieces, reading dashes and slashes between numbers, and keep
    spoken words apart from letters they were written against ("G4T")."""
    out: list[str] = []
    for index, (text, kind) in enumerate(pieces):
        if kind is None:
            text = _read_between_numbers(pieces, index, text)
            text = _part_name_from_number(pieces, index, text, out[-1] if out else "")
        if out and out[-1] and text and out[-1][-1].isalnum() and text[0].isalnum():
            out.append(" ")
        out.append(text)
    return "".join(out)


def _read_between_numbers(pieces, index: int, text: str) -> str:
    """A dash between two numbers, dates or times reads "đến"; a slash
    written tight between them ("3/4") reads "trên"."""
    if not 0 < index < len(pieces) - 1:
        return text
    if pieces[index - 1][1] not in _NUMERIC or pieces[index + 1][1] not in _NUMERIC:
        return text
    mark = text.strip()
    if mark in _BETWEEN_NUMBERS and (mark != "/" or text == "/"):
        return _BETWEEN_NUMBERS[mark]
    return text


def _part_name_from_number(pieces, index: int, text: str, previous: str) -> str:
    """ "COVID-19": a name and its number, read "cô-vít mười chín"; the name
    may be the piece before (`previous`, an expanded abbreviation)."""
    if index + 1 >= len(pieces) or pieces[index + 1][1] not in _NUMERIC:
        return text
    before_dash = text[-2:-1] or previous[-1:]
    if text.endswith("-") and before_dash.isalpha():
        return text[:-1] + " "
    return text


# --- Script lines ------------------------------------------------------------


def _folded_words(text: str) -> list[str]:
    return re.findall(r"\w+", analysis.fold(text).lower())


def _is_abbreviation(code: str) -> bool:
    """ "UBND", "QSDĐ", "TP.HCM": two to twelve letters, capitals first."""
    letters = re.sub(r"[.\-&]", "", code)
    return (
        2 <= len(letters) <= 12
        and letters.isalpha()
        and letters[:2].isupper()
        and sum(c.isupper() for c in letters) * 2 > len(letters)
    )


def _abbreviates(words: list[str], code: str) -> bool:
    """Whether `code` is the initials of the last of the folded `words`."""
    if not _is_abbreviation(code):
        return False
    letters = analysis.fold(re.sub(r"[.\-&]", "", code)).lower()
    tail = words[-len(letters) :] if len(words) >= len(letters) else []
    return "".join(w[0] for w in tail) == letters


def _spelled_out_before(before: str, inside: str) -> str | None:
    """`before` with its last word, an abbreviation that `inside` spells out
    ("BQLCC (Ban quản lý chung cư)"), replaced by those words; else None."""
    match = re.search(r"(\S+)\s*$", before)
    if match is None:
        return None
    if not _abbreviates(_folded_words(inside), match[1]):
        return None
    return before[: match.start()] + inside


def defined_abbreviations(text: str, known=()) -> dict[str, str]:
    """The abbreviations `text` defines in brackets after the words they
    stand for ("Ban quản lý chung cư (BQLCC)": {"BQLCC": "Ban quản lý chung
    cư"}), except those in `known` or in the shipped dictionary."""
    found = {}
    for match in BRACKETED_RE.finditer(analysis.nfc(text)):
        code = (match[1] if match[1] is not None else match[2]).strip()
        if code in found or code in known or code in ABBREVIATIONS:
            continue
        before = match.string[: match.start()]
        words = list(re.finditer(r"\w+", before))
        letters = re.sub(r"[.\-&]", "", code)
        if not _is_abbreviation(code) or len(words) < len(letters):
            continue
        if _abbreviates([analysis.fold(w[0]).lower() for w in words], code):
            found[code] = " ".join(before[words[-len(letters)].start() :].split())
    return found


# Commas around a bracket's text meet other punctuation: one mark is read.
_TIDY = [
    (re.compile(r"[ \t]+"), " "),
    (re.compile(r" (?=[,.;:!?…])"), ""),
    (re.compile(r",(?:\s*,)+"), ","),
    (re.compile(r",\s*(?=[.;:!?…])"), ""),
    (re.compile(r"(?<=[.;:!?…]),"), ""),
    (re.compile(r"^[ ,]+|[ ,]+$", re.MULTILINE), ""),
    (re.compile(r",(?=[^\s\d])"), ", "),
    (re.compile(r"[ \t]+"), " "),
]


def _tidy_punctuation(text: str) -> str:
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return text


def _sentence_case(text: str) -> str:
    """A capital at the start of every sentence: "đ" becomes "Đ"."""
    return analysis.nfc(
        SENTENCE_START_RE.sub(
            lambda m: m["lead"] + m["letter"].upper(), analysis.nfc(text)
        )
    )


@lru_cache(maxsize=32)
def _verbalizer(abbreviations: tuple, issuers: tuple) -> _Verbalizer:
    return _Verbalizer({**ABBREVIATIONS, **dict(abbreviations)}, dict(issuers))


def verbalize(
    text: str,
    *,
    abbreviations: dict[str, str] | None = None,
    issuers: dict[str, str] | None = None,
    script: bool = False,
) -> str:
    """Return ``text`` as the announcer reads it: numbers, dates, times,
    symbols and abbreviations written out in Vietnamese words, NFC.

    ``abbreviations`` adds to or overrides the shipped ``ABBREVIATIONS``
    (whole tokens, case-sensitive). ``issuers`` overrides the spoken issuer
    of symbol codes such as ``{"TU": "tỉnh ủy"}``. ``script`` reads `text`
    as whole lines of a script: no brackets or quotation marks, a capital at
    every sentence start. Never raises on any str.
    """
    verbalizer = _verbalizer(
        tuple(sorted((abbreviations or {}).items())),
        tuple(sorted((issuers or {}).items())),
    )
    return verbalizer.run(text, script=script)
