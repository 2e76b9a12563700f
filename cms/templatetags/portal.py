"""Template tags of the portal's own pages."""

import datetime
import re

from django import template
from django.core.cache import cache
from django.template.defaulttags import querystring
from django.utils.html import format_html
from wagtail.models import Page, Site

from cms import cards, sharing
from cms.site_structure import MENU_LABELS
from cms.visibility import children_of, for_residents
from directives.caching import VersionMemo, content_version

register = template.Library()

# Open Graph locales of the languages pages are written in (a page's `lang`).
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


@register.simple_tag(name="content_version")
def content_version_tag() -> int:
    """The content version, for `{% cache %}` keys of fragments that change
    only when published content does."""
    return content_version()


_MENUS = VersionMemo(maxsize=64)


def menus(site) -> tuple[list, list]:
    """(sections, about pages) of a Site's menu and footer, computed once per
    content version (every page, every worker shares them): publishing,
    unpublishing, moving or restricting a page moves the version on. Each
    process keeps them too (read, never changed, by the templates)."""
    key = f"portal-menus:{site.pk}:{content_version()}"
    return _MENUS.get(
        site.pk, lambda: cache.get_or_set(key, lambda: menus_of(site.root_page), 3600)
    )


def menus_of(root) -> tuple[list, list]:
    fields = ("title", "url_path", "depth", "path", "content_type")
    sections = list(
        for_residents(Page.objects.filter(children_of(root)))
        .in_menu()
        .only(*fields)
        .order_by("path")
    )
    about = []
    for section in sections:
        about += (
            for_residents(Page.objects.filter(children_of(section)))
            .in_menu()
            .only(*fields)
            .order_by("path")
        )
    return (
        [
            (
                section,
                MENU_LABELS.get((section.specific_class.__name__, section.title))
                or section.title,
            )
            for section in sections
        ],
        [(page, getattr(page.specific_class, "lang", "vi")) for page in about],
    )


@register.simple_tag(takes_context=True)
def main_sections(context):
    """(section, its label, is the current page in it) for the sections of the site's
    home page shown in its menu, in the page tree's order: live, public,
    "Hiện trong trình đơn" ticked. Editors reorder, rename or hide a section in
    the admin; nothing is written in templates."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    page = context.get("page")
    here = getattr(page, "path", "") or ""
    return [
        (section, label, here.startswith(section.path))
        for section, label in menus(site)[0]
    ]


@register.simple_tag(takes_context=True)
def about_links(context):
    """The footer's links: pages one level inside a menu section (the
    "Giới thiệu" pages: Tiếp cận thông tin, Công khai ngân sách, English …)
    that editors ticked "Hiện trong trình đơn", as (page, its language)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return menus(site)[1]


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context):
    """Description, Open Graph and Twitter tags of the page being shown (or,
    for pages that are not Wagtail pages such as search, of the home page,
    at the view's own path), every address on the Site's host."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request else None
    is_page = isinstance(page, Page)
    shown = page if is_page else (site.root_page if site else None)
    if shown is None:
        return {}
    shown = shown.specific
    url = shown.get_full_url(request) or ""
    if not is_page and url and request:
        url = url.rstrip("/") + request.path
    ward = context.get("ward")
    return {
        "title": getattr(shown, "share_title", "") or shown.title,
        "description": sharing.description(shown),
        "url": url,
        "canonical": is_page,
        "image": sharing.card_url(shown, request),
        "site_name": str(ward) if ward else "",
        "is_article": getattr(shown, "og_type", "") == "article",
        "locale": OG_LOCALES[getattr(shown, "lang", "vi")],
    }


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_box(context):
    """ "Chia sẻ": the page's address to copy (no script needed: it is a
    field to select), a Facebook link and the short text for Zalo groups."""
    page = context["page"]
    request = context.get("request")
    return {
        "url": page.get_full_url(request),
        "text": sharing.plain_text(page, request),
    }


@register.simple_tag(takes_context=True)
def directive_cards(context, directives):
    """The cards of a list of directives (cms/cards.py)."""
    return cards.directive_cards(directives, context.get("request"))


@register.simple_tag(takes_context=True)
def notice_cards(context, notices):
    """The cards of a list of notices (cms/cards.py)."""
    return cards.notice_cards(notices, context.get("request"))


@register.simple_tag(takes_context=True)
def querystring_with(context, name, value):
    """Django's ``{% querystring %}`` with the parameter ``name`` set to
    ``value``, the other parameters kept: for names no keyword argument can
    spell, ``het-han`` (the expired notices' page) and ``linh-vuc``."""
    return querystring(context, **{name: value})


@register.filter
def phone_link(number: str) -> str:
    """A phone number as written ("0236 3821 234"), linked to be dialled
    with a tap (tel: with its digits and a leading +)."""
    if not number:
        return ""
    return format_html('<a href="tel:{}">{}</a>', re.sub(r"[^\d+]", "", number), number)


@register.simple_tag(takes_context=True)
def printed_url(context) -> str:
    """The address a printed page says it came from (Nghị định 42, Art. 7):
    the page's own address on the Site's host, with the query that chose
    what is shown (a year, a filter, a page of a list)."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        return request.build_absolute_uri() if request else ""
    url = page.get_full_url(request) or ""
    query = request.GET.urlencode() if request else ""
    return f"{url}?{query}" if query else url


@register.filter
def iso_date(value) -> datetime.date | None:
    """A day the search index stores as text ("2026-11-21") as a date, for
    the `date` filter; anything else as None (shown as nothing)."""
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
