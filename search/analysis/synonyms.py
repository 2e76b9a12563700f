"""Abbreviations and synonyms a search expands: "UBND" and "Ủy ban nhân
dân" are one phrase, "CT 16" is "chỉ thị 16" (`expand_query`,
`synonym_phrases`)."""

from collections import deque
from collections.abc import Iterable, Sequence
from functools import lru_cache

from search.spelling.characters import NUMBER_RE

from .tokens import analyze

#: Groups of phrases that mean the same thing. Compared in folded form, so
#: "uy ban nhan dan" matches "Ủy ban nhân dân". "#" stands for one number
#: and is carried over: "CT #" ↔ "chỉ thị #" turns "CT 16" into "chỉ thị 16"
#: but leaves a lone "CT" (or the CT inside "29-CT/TU") alone.
DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("TW4", "TW 4", "Trung ương 4", "Hội nghị Trung ương 4"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("CBCCVC", "cán bộ công chức viên chức"),
    ("CBCC", "cán bộ công chức"),
    ("TTHC", "thủ tục hành chính"),
    ("QSDĐ", "quyền sử dụng đất"),
    ("PCCC", "phòng cháy chữa cháy"),
    ("TDP", "tổ dân phố"),
    ("KDC", "khu dân cư"),
    ("CCHC", "cải cách hành chính"),
    ("ATGT", "an toàn giao thông"),
    ("TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh"),
    ("TP", "thành phố"),
    ("TTg", "Thủ tướng"),
    ("BCH", "Ban Chấp hành"),
    ("BTV", "Ban Thường vụ"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("BHYT", "bảo hiểm y tế"),
    ("BHXH", "bảo hiểm xã hội"),
    ("KT-XH", "kinh tế - xã hội"),
    ("VSATTP", "vệ sinh an toàn thực phẩm"),
    ("NĐ #", "nghị định #"),
    ("CT #", "chỉ thị #"),
    ("NQ #", "nghị quyết #"),
    ("QĐ #", "quyết định #"),
    ("KH #", "kế hoạch #"),
    ("COVID-19", "COVID", "nCoV", "virus Corona"),
    ("5 xây 3 chống", "năm xây ba chống"),
)

_Pattern = tuple[tuple[str, str] | None, ...]  # (exact, folded) or None for "#"


@lru_cache(maxsize=32)
def _compile_synonyms(
    synonyms: tuple[tuple[str, ...], ...],
) -> tuple[tuple[_Pattern, ...], ...]:
    compiled = []
    for group in synonyms:
        patterns = []
        for phrase in group:
            pattern: list[tuple[str, str] | None] = []
            for index, piece in enumerate(phrase.split("#")):
                if index:
                    pattern.append(None)
                analyzed = analyze(piece)
                pattern.extend(zip(analyzed.exact, analyzed.folded, strict=True))
            if any(pattern):
                patterns.append(tuple(pattern))
        compiled.append(tuple(patterns))
    return tuple(compiled)


def _is_number(token: str) -> bool:
    return NUMBER_RE.fullmatch(token) is not None


def _matches_at(pattern: _Pattern, folded: Sequence[str], start: int) -> bool:
    if start + len(pattern) > len(folded):
        return False
    return all(
        _is_number(token) if part is None else token == part[1]
        for part, token in zip(pattern, folded[start:], strict=False)
    )


def _fill(pattern: _Pattern, numbers: list[str]) -> tuple[list[str], list[str]]:
    exact, folded, pending = [], [], iter(numbers)
    for part in pattern:
        if part is None:
            number = next(pending)
            exact.append(number)
            folded.append(number)
        else:
            exact.append(part[0])
            folded.append(part[1])
    return exact, folded


def expand_query(
    query: str,
    synonyms: Iterable[Sequence[str]] = DEFAULT_SYNONYMS,
    *,
    limit: int = 12,
) -> list[str]:
    """The normalised variants of `query` that a backend should OR together.

    The first item is the query itself as its exact tokens joined by spaces
    ("UBND phường" → "ubnd phường"); each further item replaces one phrase of
    a `synonyms` group by another phrase of the same group ("ủy ban nhân dân
    phường"), then combinations, breadth first, without duplicates and at
    most `limit` items. Phrases match whole tokens in folded form, longest
    first; a phrase typed without diacritics also yields its diacritic
    spelling. Symbols are single tokens, so their codes are never replaced.
    An empty query gives [].
    """
    table = tuple(tuple(group) for group in synonyms)
    groups = _compile_synonyms(table)
    patterns = sorted(
        ((pattern, group) for group in groups for pattern in group),
        key=lambda item: -len(item[0]),
    )
    base = analyze(query, query=True)
    if not base.exact:
        return []
    seen = {tuple(base.exact)}
    variants = [base.exact_text]
    queue = deque([(base.exact, base.folded)])
    while queue and len(variants) < limit:
        exact, folded = queue.popleft()
        start = 0
        while start < len(folded) and len(variants) < limit:
            found = next(
                (
                    (pattern, group)
                    for pattern, group in patterns
                    if _matches_at(pattern, folded, start)
                ),
                None,
            )
            if found is None:
                start += 1
                continue
            pattern, group = found
            end = start + len(pattern)
            numbers = [
                token
                for part, token in zip(pattern, exact[start:end], strict=True)
                if part is None
            ]
            for other in group:
                if other.count(None) != len(numbers):
                    continue
                new_exact, new_folded = _fill(other, numbers)
                new_exact = exact[:start] + new_exact + exact[end:]
                if tuple(new_exact) in seen:
                    continue
                seen.add(tuple(new_exact))
                variants.append(" ".join(new_exact))
                queue.append((new_exact, folded[:start] + new_folded + folded[end:]))
                if len(variants) >= limit:
                    break
            start = end
    return variants


def synonym_phrases(
    folded: Sequence[str], synonyms: Iterable[Sequence[str]] = DEFAULT_SYNONYMS
) -> list[tuple[int, int]]:
    """Spans of `folded` tokens that spell a phrase of the synonym table,
    longest first and without overlaps, each cut at its "#" numbers and
    kept only where two or more words remain: "uy ban nhan dan phuong" →
    [(0, 4)]; "chi thi 16" → [(0, 2)] (the number is a word of its own).
    """
    table = tuple(tuple(group) for group in synonyms)
    patterns = sorted(
        (pattern for group in _compile_synonyms(table) for pattern in group),
        key=len,
        reverse=True,
    )
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(folded):
        pattern = next((p for p in patterns if _matches_at(p, folded, start)), None)
        if pattern is None:
            start += 1
            continue
        run = start
        for offset, part in enumerate([*pattern, None]):
            if part is None:
                if start + offset - run > 1:
                    spans.append((run, start + offset))
                run = start + offset + 1
        start += len(pattern)
    return spans
