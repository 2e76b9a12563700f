"""Template tags of the portal's own pages."""

from django import template
from wagtail.models import Page, Site

from cms import sharing

register = template.Library()


@register.simple_tag(takes_context=True)
def main_sections(context):
    """(section, is the current page in it) for the sections of the site's
    home page shown in its menu, in the page tree's order: live, public,
    "Hiện trong menu" ticked. Editors reorder, rename or hide a section in
    the admin; nothing is written in templates."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    sections = site.root_page.get_children().live().public().in_menu()
    page = context.get("page")
    here = getattr(page, "path", "") or ""
    return [
        (section, here.startswith(section.path))
        for section in sections.only("title", "url_path", "depth", "path")
    ]


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context):
    """Description, Open Graph and Twitter tags of the page being shown (or,
    for pages that are not Wagtail pages such as search, of the home page)."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request else None
    ward = context.get("ward")
    shown = page if isinstance(page, Page) else (site.root_page if site else None)
    if shown is None:
        return {}
    shown = shown.specific
    title = getattr(shown, "seo_title", "") or shown.title
    if not isinstance(page, Page):
        title = context.get("share_title") or title
    return {
        "title": title,
        "description": sharing.description(shown),
        "url": shown.get_full_url(request)
        if isinstance(page, Page)
        else (request.build_absolute_uri(request.path) if request else ""),
        "image": sharing.card_url(shown, request),
        "site_name": str(ward) if ward else "",
        "is_article": getattr(shown, "kind", "") in ("directive", "notice", "article"),
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
