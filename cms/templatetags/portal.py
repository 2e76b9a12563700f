"""Template tags of the portal's own pages."""

import datetime
import re

from django import template
from django.template.defaulttags import querystring
from django.utils.html import format_html
from wagtail.models import Page, Site

from cms import sharing
from cms.site_structure import MENU_LABELS
from cms.visibility import for_residents

register = template.Library()

# Open Graph locales of the languages pages are written in (a page's `lang`).
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


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
    sections = for_residents(site.root_page.get_children()).in_menu()
    page = context.get("page")
    here = getattr(page, "path", "") or ""
    return [
        (
            section,
            MENU_LABELS.get((section.specific_class.__name__, section.title))
            or section.title,
            here.startswith(section.path),
        )
        for section in sections.only(
            "title", "url_path", "depth", "path", "content_type"
        )
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
    root = site.root_page
    pages = for_residents(Page.objects.descendant_of(root)).filter(
        depth=root.depth + 2, show_in_menus=True
    )
    sections = (
        for_residents(root.get_children()).in_menu().values_list("path", flat=True)
    )
    sections = list(sections)
    return [
        (page, getattr(page.specific_class, "lang", "vi"))
        for page in pages.only(
            "title", "url_path", "path", "depth", "content_type"
        ).order_by("path")
        if any(page.path.startswith(path) for path in sections)
    ]


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
