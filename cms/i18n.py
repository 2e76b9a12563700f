"""How much of the Wagtail admin speaks Vietnamese.

Reads every message of the installed Wagtail from its English catalogs
(``wagtail/**/locale/en/LC_MESSAGES/{django,djangojs}.po``), looks each one up
with the target language active, and reports per gettext domain:

* the share that comes out translated (threshold: 95 %),
* the messages still untranslated (after a Wagtail upgrade, its new strings),
* translations whose placeholders (``%(name)s``, ``%s``, ``{name}``), HTML tags
  or entities differ from the English message.

Exit status 1 below the threshold or on any placeholder mismatch.
The translations live in ``locale/vi/LC_MESSAGES/`` (terminology:
``docs/glossary.md``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import wagtail
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

DOMAINS = ("django", "djangojs")
THRESHOLD = 0.95
# Wagtail loads its JavaScript catalog with these packages (wagtail.admin.views.i18n).
JS_PACKAGES = ["wagtail.admin"]
# Messages whose correct Vietnamese text is the English text itself.
ALLOWLIST = frozenset({"Email", "URL", "ID", "Wagtail API v2", "Wagtail API v3"})

_NAMED = re.compile(r"%\(\w+\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\w+\}")
_POSITIONAL = re.compile(
    r"%[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|\{\}|<[^>]*>|&#?\w+;"
)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str | None = None
    context: str | None = None
    source: str = ""


@dataclass
class DomainReport:
    domain: str
    total: int = 0
    translated: int = 0
    untranslated: list[Message] = field(default_factory=list)
    mismatches: list[tuple[Message, str]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.translated / self.total if self.total else 1.0

    def ok(self, threshold: float = THRESHOLD) -> bool:
        return self.coverage >= threshold and not self.mismatches


# --- .po reading -----------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], "\\" + m[1]), text[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr[N],
    plus ``flags`` (a set). Obsolete (``#~``) entries are skipped."""
    entries: list[dict] = []
    current: dict = {"flags": set()}
    key = None

    def flush():
        nonlocal current, key
        if "msgid" in current:
            entries.append(current)
        current, key = {"flags": set()}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if "msgid" in current:
                flush()
            if line.startswith("#,"):
                current["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith('"'):
            current[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            if key in ("msgctxt", "msgid") and "msgid" in current:
                flush()
            current[key] = _unquote(value)
    flush()
    return entries


def wagtail_catalogs(domain: str) -> list[Path]:
    root = Path(wagtail.__file__).resolve().parent
    return sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))


def wagtail_messages(domain: str) -> list[Message]:
    """Every distinct non-empty message of the installed Wagtail's catalogs."""
    root = Path(wagtail.__file__).resolve().parent.parent
    seen: dict[tuple, Message] = {}
    for path in wagtail_catalogs(domain):
        source = str(path.relative_to(root)).split("/locale/")[0]
        for entry in parse_po(path):
            if not entry["msgid"]:
                continue
            message = Message(
                entry["msgid"],
                entry.get("msgid_plural"),
                entry.get("msgctxt"),
                source,
            )
            seen.setdefault((message.context, message.msgid), message)
    return list(seen.values())


# --- checks ----------------------------------------------------------------


def placeholders(text: str) -> tuple[frozenset, Counter]:
    """Named placeholders (as a set) and positional ones, tags and entities
    (as a multiset): what a translation must keep."""
    return frozenset(_NAMED.findall(text)), Counter(_POSITIONAL.findall(text))


def placeholders_match(message: Message, translated: str) -> bool:
    named, positional = placeholders(translated)
    ref_named, ref_positional = placeholders(message.plural or message.msgid)
    if positional != ref_positional:
        return False
    if named == ref_named:
        return True
    # One Vietnamese form serves singular and plural: it may use the union.
    if message.plural:
        return named == ref_named | placeholders(message.msgid)[0]
    return False


def same_text_is_correct(message: Message) -> bool:
    if message.msgid in ALLOWLIST:
        return True
    bare = _POSITIONAL.sub("", _NAMED.sub("", message.msgid))
    return not _LETTER.search(bare)


Lookup = Callable[[Message, int], str]


def check_messages(domain: str, messages: Iterable[Message], lookup: Lookup):
    report = DomainReport(domain)
    for message in messages:
        report.total += 1
        if message.plural:
            one, many = lookup(message, 1), lookup(message, 5)
            untouched = one == message.msgid and many == message.plural
            result = many
        else:
            result = lookup(message, 1)
            untouched = result == message.msgid
        if untouched and not same_text_is_correct(message):
            report.untranslated.append(message)
            continue
        report.translated += 1
        if not placeholders_match(message, result):
            report.mismatches.append((message, result))
    return report


def lookup_in(catalog) -> Lookup:
    """Look messages up in a gettext-like object (module or translation)."""

    def lookup(message: Message, n: int) -> str:
        if message.plural and message.context is not None:
            return catalog.npgettext(message.context, message.msgid, message.plural, n)
        if message.plural:
            return catalog.ngettext(message.msgid, message.plural, n)
        if message.context is not None:
            return catalog.pgettext(message.context, message.msgid)
        return catalog.gettext(message.msgid)

    return lookup


def js_translation(language: str) -> DjangoTranslation:
    """The catalog Wagtail's ``jsi18n`` view serves for ``language``."""
    paths = JavaScriptCatalog().get_paths(JS_PACKAGES)
    return DjangoTranslation(language, domain="djangojs", localedirs=paths)


def report(domain: str, language: str = "vi") -> DomainReport:
    messages = wagtail_messages(domain)
    if domain == "djangojs":
        return check_messages(domain, messages, lookup_in(js_translation(language)))
    with translation.override(language):
        return check_messages(domain, messages, lookup_in(translation))


def report_lines(result: DomainReport, language: str) -> list[str]:
    """What `manage.py i18n_check` prints for one domain."""
    lines = [
        f"{result.domain}: {result.translated}/{result.total} "
        f"({result.coverage:.1%}) translated into {language}, "
        f"{len(result.untranslated)} untranslated, "
        f"{len(result.mismatches)} placeholder mismatches"
    ]
    for message in result.untranslated:
        plural = f" | {message.plural!r}" if message.plural else ""
        context = f"[{message.context}] " if message.context else ""
        lines.append(
            f"  untranslated ({message.source}): {context}{message.msgid!r}{plural}"
        )
    for message, text in result.mismatches:
        lines.append(
            f"  placeholder mismatch ({message.source}): {message.msgid!r} -> {text!r}"
        )
    return lines
