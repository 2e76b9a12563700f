"""Discovery: robots.txt, the favicon, the web manifest and a page's share card."""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from directives.views import visible_page

from . import sharing
from .models import WardSettings

PNG = "image/png"


def _root_url(request) -> str:
    """The home page's address without its last "/": SITE_URL's when set,
    else the Site record's, as every absolute address of the portal."""
    site = Site.find_for_request(request)
    url = site.root_page.specific.get_full_url(request) if site else None
    return (url or request.build_absolute_uri("/")).rstrip("/")


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Crawl everything residents read; not the admin, the search results or
    the APIs (endless combinations of a query)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        "Disallow: /api/",
        "",
        f"Sitemap: {_root_url(request)}/sitemap.xml",
    ]
    body = "\n".join(lines) + "\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link> says:
    the portal's icon among the static files (its address changes with it)."""
    return HttpResponseRedirect(static("img/favicon.ico"))


@require_GET
@cache_control(max_age=3600, public=True)
def web_manifest(request):
    site = Site.find_for_request(request)
    ward = WardSettings.for_site(site) if site else None
    name = f"Cổng thông tin {ward.ward_name}" if ward else "Cổng thông tin phường"
    data = {
        "name": name,
        "short_name": ward.ward_name if ward else "Phường",
        "lang": "vi",
        "start_url": "/",
        "display": "browser",
        "background_color": "#fffdf8",
        "theme_color": "#a3160f",
        "icons": [
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            *(
                {"src": static(f"img/icon-{n}.png"), "sizes": f"{n}x{n}", "type": PNG}
                for n in (192, 512)
            ),
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def share_card(request, path=""):
    """`<page>/anh-chia-se.png`: the page's preview image (404 for a draft or
    a private page, like every rendition)."""
    page, site = visible_page(request, path, kinds=(Page,))
    png = sharing.card(page, WardSettings.for_site(site))
    return HttpResponse(png, content_type="image/png")
