"""Renditions of a page: `<page>/loa.txt`, `<page>/loa.wav`, `<page>/poster.pdf`.

Thin edges: find the live page the resident may see, call one function.
"""

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from cms.models import WardSettings

from .loudspeaker.speech import SpeechUnavailable, audio_for
from .models import DirectivePage, NoticePage, RenditionRecord
from .posters import (
    POSTER_TYPES,
    PosterEngineUnavailable,
    PosterError,
    render_poster,
)

RENDERABLE = (DirectivePage, NoticePage)


def script_for(request, path):
    """The live page at `path` and its loudspeaker script, noted as produced."""
    page, site = visible_page(request, path)
    script = page.broadcast_script(WardSettings.for_site(site))
    RenditionRecord.note(page, RenditionRecord.Kind.SCRIPT)
    return page, script


def visible_page(request, path: str, kinds=RENDERABLE):
    """The live page at `path` that this request may see, or Http404.

    Drafts, unpublished pages, pages past their expiry time and pages under a
    view restriction the request does not satisfy are all "not found":
    nothing about them leaks (the rule of cms/visibility.py, for one page).
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [part for part in path.split("/") if part]
    result = site.root_page.specific.route(request, components)
    page = result.page if hasattr(result, "page") else result[0]
    page = page.specific
    if not isinstance(page, kinds) or not page.live or page.past_expiry:
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page, site


@require_GET
def loudspeaker_script(request, path):
    page, script = script_for(request, path)
    response = HttpResponse(script.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="loa.txt"'
    response["X-Reading-Minutes"] = str(script.minutes)
    return response


@require_GET
def loudspeaker_audio(request, path):
    page, script = script_for(request, path)
    try:
        wav = audio_for(script.text, cache_key=f"{page.pk}:{page.live_revision_id}")
    except SpeechUnavailable as exc:
        return HttpResponse(
            str(exc), status=503, content_type="text/plain; charset=utf-8"
        )
    return FileResponse(open(wav, "rb"), content_type="audio/wav")


@require_GET
def loudspeaker_print(request, path):
    """The script in large type, to print for the announcer."""
    page, script = script_for(request, path)
    return TemplateResponse(
        request, "loudspeaker/script.html", {"page": page, "script": script}
    )


def poster_response(request, page, *, site=None, download=False) -> HttpResponse:
    """The poster of `page` in the size and mode the query asks for.

    A bad option is a 400 and a missing PDF engine a 503, each saying why.
    """
    size = (request.GET.get("size") or "A4").upper()
    mode = request.GET.get("mode") or "color"
    try:
        pdf = render_poster(page, size, mode, site=site)
    except PosterError as exc:
        return HttpResponseBadRequest(
            str(exc), content_type="text/plain; charset=utf-8"
        )
    except PosterEngineUnavailable as exc:
        return HttpResponse(
            str(exc), status=503, content_type="text/plain; charset=utf-8"
        )
    return pdf_response(pdf, f"{page.slug}-{size}.pdf", download)


def pdf_response(pdf: bytes, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def poster(request, path):
    page, site = visible_page(request, path, kinds=POSTER_TYPES)
    return poster_response(request, page, site=site)
