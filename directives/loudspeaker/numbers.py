"""Numbers as the announcer says them: ``21`` hai mươi mốt, ``105`` một trăm
linh năm, ``2010`` hai nghìn không trăm mười, months (tháng tư) and ordinals.

The northern broadcast norm, described in `directives.loudspeaker.verbalizer`.
"""


# --- Numbers ---------------------------------------------------------------

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three_digits(n: int, full: bool) -> str:
    """Words for 1 <= n <= 999; ``full`` says "không trăm"/"linh" inside a number."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return " ".join(words)


# Precomputed: number_to_words runs once per number in every script.
_THREE = {
    full: [""] + [_three_digits(n, full) for n in range(1, 1000)]
    for full in (False, True)
}


def number_to_words(n: int) -> str:
    """Vietnamese words for an integer of any size (negative ones with "âm")."""
    if n < 0:
        return "âm " + number_to_words(-n)
    if n == 0:
        return DIGITS[0]
    # Split into groups of three digits, lowest first; every third group is a
    # further "tỷ", so 10**18 reads "một tỷ tỷ".
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        words.append(_THREE[bool(words)][group])
        scale = index % 3
        if scale == 1:
            words.append("nghìn")
        elif scale == 2:
            words.append("triệu")
        # "tỷ" closes a nine-digit block; say it even when the lower groups of
        # the block are zero (10**12 is "một nghìn tỷ").
        billions = index // 3
        if billions and (scale == 0 or not any(groups[index - scale : index])):
            words += ["tỷ"] * billions
    return " ".join(words)


def _read_digits(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits if d.isdecimal())


def _read_integer(digits: str) -> str:
    """Words for a digit string; long codes and zero-padded codes digit by digit."""
    if len(digits) > 18 or (len(digits) >= 3 and digits[0] == "0"):
        return _read_digits(digits)
    return number_to_words(int(digits))


def _read_fraction(digits: str) -> str:
    """The part after "phẩy": leading zeros one by one, then a short number."""
    stripped = digits.lstrip("0")
    words = [DIGITS[0]] * (len(digits) - len(stripped))
    if stripped:
        words.append(
            number_to_words(int(stripped))
            if len(stripped) <= 3
            else _read_digits(stripped)
        )
    return " ".join(words)


def _ordinal(n: int) -> str:
    return {1: "nhất", 4: "tư"}.get(n) or number_to_words(n)


def _month(n: int) -> str:
    return "tư" if n == 4 else number_to_words(n)


# --- Tables ----------------------------------------------------------------

# Expansions are lower case except proper names; casing of the text around
# them is left alone.
