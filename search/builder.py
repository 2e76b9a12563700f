"""The search document: what every backend indexes for one page.

`build_document(page, roots)` is the single place that decides which text of
a page is searchable, how it is analysed and which ward (site) it belongs to;
the embedded Tantivy index and the Elasticsearch documents are two adapters
over its output. It asks no database: the site roots are given (Wagtail's
cached `Site.get_site_root_paths()`), and the benchmark feeds it unsaved
pages and roots of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from . import analysis

#: Page kinds that are searched, with the model that holds each.
KINDS = ("directive", "procedure", "notice", "article", "answer", "page")
#: The texts of a document that are searched, each with its own weight
#: (`engines.base.FIELD_BOOSTS`): the original's text weighs least.
TEXT_FIELDS = ("title", "about", "summary", "body", "original")

# Tokens longer than this are noise (base64, URLs glued together); both the
# index and the query side drop them so that a term is never over Tantivy's
# term length limit.
MAX_TOKEN_CHARS = 64

# Multiplies the relevance of a directive still in force (Tantivy applies
# log2(2 + weight)): a current document ranks above an expired one that
# matches equally well, but never above a clearly better match.
WEIGHT_IN_FORCE = 0.6
WEIGHT_DEFAULT = 0.3
WEIGHT_NOT_IN_FORCE = 0.0
# A procedure is what a resident who asks "how do I …" came for.
WEIGHT_PROCEDURE = 0.6

NEVER = 2**62  # "expires" of a page without an expiry time
LIBRARY = 0  # "site" of a page under no site root (the city library)


@dataclass
class SearchDocument:
    """One page as every search backend sees it.

    The text fields (`TEXT_FIELDS`) are the text as written; backends
    analyse them with `analyzed()`. `original` is the text read from the
    page's original file (a scan or signed PDF, `OriginalText`), and
    `original_pages` its pages ({"number", "text"}), from which a snippet is
    cut when only the original holds the query. `number_tokens` are the
    folded parts of the symbol ("29-ct-tu", "29", "ct", "tu") so that "chi thi
    29" and "29 CT TU" both reach it. `display` is what a result shows,
    stored as is.
    """

    id: int
    kind: str
    title: str
    about: str = ""
    summary: str = ""
    body: str = ""
    original: str = ""
    original_pages: list[dict] = field(default_factory=list)
    number_tokens: list[str] = field(default_factory=list)
    doc_type: str = ""
    issuer: str = ""
    status: str = ""
    year: int = 0
    date: int = 0  # day number of signing or publication: newest first
    expires: int = NEVER
    weight: float = WEIGHT_DEFAULT
    display: dict = field(default_factory=dict)
    # The live revision it was built from (0: none); see search.health.
    stamp: int = 0
    # The Site (ward) whose tree holds the page, 0 for a page under no site
    # root (a city library original: found only by the city-wide search);
    # `alias` is 1 for a Wagtail alias (a shared directive's copy in a ward).
    site: int = LIBRARY
    alias: int = 0

    @property
    def snippet_text(self) -> str:
        """The text snippets are cut from: summary then body, one line."""
        return " ".join(f"{self.summary} {self.body}".split())

    @property
    def heading_text(self) -> str:
        """What a result shows above its snippet, as text: the title, type,
        issuer and number. A query found there or in `snippet_text` is
        never quoted from the original."""
        parts = (self.title, self.about, self.display.get("number"))
        return " ".join(part for part in parts if part)

    def analyzed(self) -> dict[str, analysis.Analyzed]:
        """Each text (`TEXT_FIELDS`) as exact and folded tokens."""
        return {name: analyze_text(getattr(self, name)) for name in TEXT_FIELDS}

    def add_original(self, text: str, pages: list[dict]) -> None:
        """Search the text read from the page's original too (`pages`: its
        pages, {"number", "text"}). A body that is that text already (the
        editor used it as the content) is not indexed twice."""
        if not text.strip() or text.split() == self.body.split():
            return
        self.original = text
        self.original_pages = [
            {"number": page.get("number"), "text": page.get("text") or ""}
            for page in pages
            if (page.get("text") or "").strip()
        ] or [{"number": 1, "text": text}]

    def as_dict(self) -> dict:
        return asdict(self)


def clean_tokens(tokens: list[str]) -> list[str]:
    return [token for token in tokens if len(token) <= MAX_TOKEN_CHARS]


def analyze_text(text: str) -> analysis.Analyzed:
    analyzed = analysis.analyze(text)
    pairs = [
        (exact, folded)
        for exact, folded in zip(analyzed.exact, analyzed.folded, strict=True)
        if len(exact) <= MAX_TOKEN_CHARS
    ]
    return analysis.Analyzed([p[0] for p in pairs], [p[1] for p in pairs])


def number_tokens(number: str) -> list[str]:
    """Folded index tokens of a số, ký hiệu: its key, then every part.

    "90/2013/NĐ-CP" → ["90-2013-nd-cp", "90", "2013", "nd", "cp"]. The
    number loses its leading zeros ("05" → "5") like the key does, so "chi thi
    5" finds 05-CT/TW.
    """
    key = analysis.symbol_key(number)
    if key is None:
        return clean_tokens(analysis.analyze(number).folded)
    parts = key.split("-")
    return [key, *dict.fromkeys(parts)]


def _timestamp(moment: datetime.datetime | None) -> int:
    return int(moment.timestamp()) if moment else NEVER


def iso_day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def place(url_path: str, roots: Sequence) -> tuple[int, str]:
    """(site id, address on that site) of the page at `url_path`.

    `roots` are Wagtail's `Site.get_site_root_paths()` (cached, no query per
    page): the site whose root page's url_path is the longest prefix of the
    page's holds it (of two sites on one root, the first listed: the default
    site). A page under no site root is a library page: (LIBRARY, ""), it has
    no public address. The address is a path only ("/van-ban/chi-thi-29/"):
    results are shown on the page's own site, whatever its host name.
    """
    found = [root for root in roots if url_path.startswith(root.root_path)]
    if not found:
        return LIBRARY, ""
    best = max(found, key=lambda root: len(root.root_path))
    return best.site_id, "/" + url_path[len(best.root_path) :]


def build_document(page, roots: Sequence) -> SearchDocument:
    """The search document of a live, public `page` (a specific page), on
    the site `roots` (`place`) say holds it.

    The caller decides whether the page may be indexed at all
    (`indexing.indexable_pages`); this only reads it, and asks the page's
    type for what only it has (`describe_for_search(doc)`).
    """
    site, url = place(page.url_path, roots)
    doc = SearchDocument(
        id=page.pk,
        kind=page.kind,
        title=page.title,
        body=page.body_text,
        expires=_timestamp(page.expire_at),
        display={
            "id": page.pk,
            "kind": page.kind,
            "title": page.title,
            "url": url,
            "site": site,
        },
        stamp=page.live_revision_id or 0,
        site=site,
        alias=1 if page.alias_of_id else 0,
    )
    # Each page type fills in what it has (summary, number, dates, weight).
    page.describe_for_search(doc)
    return doc
