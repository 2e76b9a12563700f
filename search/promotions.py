"""Editors' best answers: the pages staff pin to a query.

Staff pin pages (or an outside link) to a phrase in the admin, under
Cài đặt → Kết quả tìm kiếm được đề xuất (`wagtail.contrib.search_promotions`).
A search shows the pins of every phrase its query holds, first on its first
page and marked, with the portal's own matching rather than Wagtail's exact
string: the phrase's syllables must stand side by side in the query, folded
alike, and where both the phrase and the query were typed with diacritics,
spelt alike (`analysis` makes "hoà" and "hòa" one spelling). So "sổ đỏ"
answers "cấp sổ đỏ", "so do" and "Sổ đỏ làm ở đâu", never "số đo".

A pinned page is shown only while a resident may see it
(`cms.visibility.for_residents`): a draft, a private or an expired page
pinned by mistake simply does not appear. The pins are read through the
shared cache and cleared when a promotion or its phrase changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.html import escape
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site

from cms.visibility import for_residents

from . import analysis
from .builder import KINDS, build_document, place
from .snippets import original_to_scan, snippet

CACHE_KEY = "search:promotions:v1"
CACHE_SECONDS = 600
# At most this many pinned answers above the results.
MAX_PROMOTED = 3
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pin:
    """One promotion as the matcher needs it."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]
    order: int
    page_id: int | None
    link_url: str = ""
    link_text: str = ""
    description: str = ""

    @property
    def precise(self) -> bool:
        return self.exact != self.folded


def _load() -> tuple[Pin, ...]:
    pins = []
    promotions = SearchPromotion.objects.select_related("query").order_by(
        "query_id", "sort_order", "pk"
    )
    for promotion in promotions:
        tokens = analysis.analyze(promotion.query.query_string, query=True)
        if not tokens.exact:
            continue
        pins.append(
            Pin(
                exact=tuple(tokens.exact),
                folded=tuple(tokens.folded),
                order=promotion.sort_order or 0,
                page_id=promotion.page_id,
                link_url=promotion.external_link_url or "",
                link_text=promotion.external_link_text or "",
                description=promotion.description or "",
            )
        )
    return tuple(pins)


def pins() -> tuple[Pin, ...]:
    loaded = cache.get(CACHE_KEY)
    if loaded is None:
        try:
            loaded = _load()
        except DatabaseError:  # before migrate
            logger.warning("search promotions unavailable")
            return ()
        cache.set(CACHE_KEY, loaded, CACHE_SECONDS)
    return loaded


def invalidate(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def holds(query: analysis.Analyzed, pin: Pin) -> bool:
    """Whether the analysed query holds the pin's phrase, side by side: by
    folded form, and by spelling where both were typed with diacritics."""
    size = len(pin.folded)
    precise = query.exact != query.folded and pin.precise
    for start in range(len(query.folded) - size + 1):
        if tuple(query.folded[start : start + size]) != pin.folded:
            continue
        if not precise or tuple(query.exact[start : start + size]) == pin.exact:
            return True
    return False


def matching(text: str) -> list[Pin]:
    """The pins whose phrase `text` holds: the longest phrase (the most
    specific) first, then in the editors' order."""
    query = analysis.analyze(text, query=True)
    if not query.exact:
        return []
    found = [pin for pin in pins() if holds(query, pin)]
    return sorted(found, key=lambda pin: (-len(pin.folded), pin.order))


def _page_hits(ids: list[int], plan, site: int | None) -> dict[int, dict]:
    """Result entries of the pinned pages a resident may see, by id: of
    `site` only (a ward pins its own pages; None: any site's)."""
    hits = {}
    roots = Site.get_site_root_paths()
    for page in for_residents(Page.objects.filter(pk__in=ids)).specific():
        page_site, url = place(page.url_path, roots)
        if not url or (site is not None and page_site != site):
            continue  # a library page, or another ward's
        kind = getattr(page, "kind", None)
        if kind in KINDS:
            doc = build_document(page, roots)
            hit = dict(doc.display)
            hit.update(
                snippet(
                    doc.snippet_text,
                    plan.highlight_words,
                    original_to_scan(doc.original_pages),
                    doc.heading_text,
                )
            )
        else:
            hit = {"kind": "page", "title": page.title, "url": url}
            hit["snippet"] = escape(getattr(page, "search_description", "") or "")
        hits[page.pk] = hit
    return hits


def promoted(text: str, plan, site: int | None = None) -> list[dict]:
    """The pinned answers for a query on `site` (`Params.site`), as result
    entries with `"promoted": true`, at most `MAX_PROMOTED`, each address
    once. A pinned page of another ward is not shown; an outside link has
    no site, and is shown on every ward."""
    chosen = matching(text)
    if not chosen:
        return []
    pages = _page_hits([pin.page_id for pin in chosen if pin.page_id], plan, site)
    out, seen = [], set()
    for pin in chosen:
        if pin.page_id:
            hit = pages.get(pin.page_id)
            if hit is None:
                continue  # draft, private, expired, deleted or another ward's
            hit = dict(hit)
            if pin.description:
                hit["snippet"] = escape(pin.description)
        elif pin.link_url:
            hit = {
                "kind": "link",
                "title": pin.link_text or pin.link_url,
                "url": pin.link_url,
                "snippet": escape(pin.description),
            }
        else:
            continue
        if hit["url"] in seen:
            continue
        seen.add(hit["url"])
        hit["promoted"] = True
        out.append(hit)
        if len(out) == MAX_PROMOTED:
            break
    return out
