"""The cards of the long lists (/van-ban/, /thong-bao/, the home page),
made in Python.

Each card through `{% include %}` with `{% pageurl %}` and a
`{% blocktranslate %}` date cost about a quarter of a millisecond, a fifth
of a list page's time. The HTML is that of `includes/cards/directive.html`
and `includes/cards/notice.html` (which other pages still include), to the
character: tests/directives/test_views.py renders both and compares. The
strings are the templates' own message ids, so the translations apply.
"""

from __future__ import annotations

import datetime
import re

from django.utils.formats import date_format, get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cms.sites import site_root_paths

# A slug that `reverse("wagtail_serve")` writes as it is (no %-escapes).
PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+")


# What a card shows, and `page.get_url` needs (url_path): the only columns
# a long list reads. A list page's rows cost more in the ORM (compiling the
# SELECT of some forty columns, building each page) than in the database.
DIRECTIVE_CARD_FIELDS = (
    "title",
    "url_path",
    "doc_type",
    "number",
    "signed_on",
    "status",
    "issuer__name",
)
NOTICE_CARD_FIELDS = ("title", "url_path", "published_on", "valid_until")


def directive_card_rows(queryset):
    """`queryset` of directives, with their issuer, reading only what a card
    shows."""
    return queryset.select_related("issuer").only(*DIRECTIVE_CARD_FIELDS)


def notice_card_rows(queryset):
    """`queryset` of notices, reading only what a card shows."""
    return queryset.only(*NOTICE_CARD_FIELDS)


def card_date(value) -> str:
    """`value|date:"SHORT_DATE_FORMAT"`; a day written straight when the
    format is the portal's (cms/formats/vi: d/m/Y)."""
    if not value:
        return ""
    if type(value) is datetime.date and get_format("SHORT_DATE_FORMAT") == "d/m/Y":
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return conditional_escape(date_format(value, "SHORT_DATE_FORMAT"))


def page_urls(pages, request) -> list[str | None]:
    """`page.get_url(request)` of each page (as `{% pageurl %}`), with one
    Wagtail call per parent: the pages of one parent differ only by their
    slug, unless a Site's root lies under that parent (then each is asked)."""
    roots = [root.root_path for root in site_root_paths()]
    bases: dict[str, str | None] = {}
    urls = []
    for page in pages:
        path = page.url_path or ""
        parent, _, slug = path.rstrip("/").rpartition("/")
        parent += "/"
        plain = (
            path.endswith("/")
            and PLAIN_SLUG.fullmatch(slug)
            and not any(len(r) > len(parent) and r.startswith(parent) for r in roots)
        )
        if plain and bases.get(parent) is not None:
            urls.append(bases[parent] + slug + "/")
            continue
        url = page.get_url(request)
        if plain and url and url.endswith("/" + slug + "/"):
            bases[parent] = url[: -len(slug) - 1]
        urls.append(url)
    return urls


def directive_cards(directives, request) -> SafeString:
    """`{% include "includes/cards/directive.html" %}` for each (no relation)."""
    directives = list(directives)
    if not directives:
        return mark_safe("")
    # get_status_display(), its choices read once rather than for each card.
    field = type(directives[0])._meta.get_field("status")
    statuses = {value: str(label) for value, label in field.flatchoices}
    signed = gettext("ngày %(date)s")
    return mark_safe(
        "".join(
            format_html(
                '\n<li class="card">\n  <a class="title" href="{}"><span '
                'class="number">{} {}</span>: {}</a>\n  <p class="meta">{} · {} · '
                '<span class="badge {}">{}</span></p>\n</li>\n',
                url,
                d.doc_type,
                d.number,
                d.title,
                d.issuer.name if d.issuer else "",
                mark_safe(signed % {"date": card_date(d.signed_on)}),
                d.status,
                statuses.get(d.status, d.status),
            )
            for d, url in zip(directives, page_urls(directives, request), strict=True)
        )
    )


def notice_cards(notices, request) -> SafeString:
    """`{% include "includes/cards/notice.html" %}` for each."""
    notices = list(notices)
    # Translated once per list, not once per card.
    published, until = gettext("Ngày %(date)s"), gettext("hiệu lực đến %(date)s")
    lapsed = format_html('<span class="badge old">{}</span>', gettext("Đã hết hạn"))
    cards = []
    for notice, url in zip(notices, page_urls(notices, request), strict=True):
        meta = [published % {"date": card_date(notice.published_on)}]
        if notice.valid_until:
            meta.append(until % {"date": card_date(notice.valid_until)})
        if notice.is_expired:
            meta.append(lapsed)
        cards.append(
            format_html(
                '\n<li class="card">\n  <a class="title" href="{}">{}</a>\n'
                '  <p class="meta">{}</p>\n</li>\n',
                url,
                notice.title,
                mark_safe(" · ".join(meta)),  # each part escaped
            )
        )
    return mark_safe("".join(cards))
