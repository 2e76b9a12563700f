"""Template tags of the portal's own pages."""

from django import template
from wagtail.models import Site

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
