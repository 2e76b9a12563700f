"""Renditions of a page: `<page>/loa.txt`, `loa.html`, `loa.wav`, `loa.mp3`,
`poster.pdf`.

Thin edges: find the live page the resident may see, call one function.

HTTP caching: posters and audio say `Cache-Control: public, no-cache` when
their page is public (browsers and proxies may keep them, and ask each time
whether they changed: a republished page makes a new poster and new audio
at the same address), `private, no-store` when the page is behind a view
restriction this request passed. Their ETag answers the question with a 304:
the poster's is the hash of the PDF (ConditionalGetMiddleware), the audio's
the file's time and size (`rendered_file_response`).
"""

import os
import re

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Site

from cms.models import WardSettings

from .loudspeaker.speech import SpeechUnavailable, render_audio
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
    restrictions = page.get_view_restrictions()
    for restriction in restrictions:
        if not restriction.accept_request(request):
            raise Http404
    request.rendition_public = not restrictions
    return page, site


def with_cache_control(request, response):
    """`public, no-cache` for a public page's rendition, else `private,
    no-store` (see the module's docstring)."""
    if getattr(request, "rendition_public", False):
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def loudspeaker_script(request, path):
    page, script = script_for(request, path)
    response = HttpResponse(script.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="loa.txt"'
    response["X-Reading-Minutes"] = str(script.minutes)
    return response


def audio_response(request, path, kind: str):
    """The page's script read aloud as `kind` (wav or mp3), rendered once."""
    page, site = visible_page(request, path)
    ward = WardSettings.for_site(site)
    script = page.broadcast_script(ward)
    RenditionRecord.note(page, RenditionRecord.Kind.SCRIPT)
    try:
        info = render_audio(page, ward, script=script)
    except SpeechUnavailable as exc:
        return HttpResponse(
            str(exc), status=503, content_type="text/plain; charset=utf-8"
        )
    if kind == "mp3":
        path, content_type, name = info.mp3_path, "audio/mpeg", "loa.mp3"
    else:
        path, content_type, name = info.wav_path, "audio/wav", "loa.wav"
    return with_cache_control(
        request, rendered_file_response(request, path, content_type, name)
    )


def rendered_file_response(request, file_path, content_type: str, filename: str):
    """A rendered file, or 304 when the request's `If-None-Match` (or
    `If-Modified-Since`) names this version of it. A rendered file is never
    rewritten in place (os.replace), so its time and size name it."""
    stat = os.stat(file_path)
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(stat.st_mtime)
    )
    if response is None:
        response = ranged_file_response(request, file_path, content_type, filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    return response


@require_safe  # HEAD too: podcast clients check an enclosure before fetching it
def loudspeaker_audio(request, path):
    return audio_response(request, path, "wav")


@require_safe
def loudspeaker_mp3(request, path):
    return audio_response(request, path, "mp3")


BYTE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def ranged_file_response(request, file_path, content_type: str, filename: str):
    """The file, or the one byte range the request asks for (206).

    Django's FileResponse sends whole files only; browsers ask `<audio>` for
    ranges to seek. One range is served; several, or a malformed header,
    get the whole file (RFC 9110 lets a server ignore Range); a range past
    the end is 416. The cached file is never rewritten in place (os.replace),
    so the open handle stays one whole file."""
    handle = open(file_path, "rb")  # FileResponse closes it
    size = os.fstat(handle.fileno()).st_size
    match = BYTE_RANGE.match(request.headers.get("Range", "").replace(" ", ""))
    start, end = 0, size - 1
    if match and (match[1] or match[2]):
        if match[1]:
            start = int(match[1])
            end = min(int(match[2]), size - 1) if match[2] else size - 1
        else:  # the last N bytes
            start = max(0, size - int(match[2]))
        if start >= size or start > end:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            response["Accept-Ranges"] = "bytes"
            return response
        handle.seek(start)
        length = end - start + 1
        response = FileResponse(
            LimitedReader(handle, length), content_type=content_type, status=206
        )
        response["Content-Length"] = str(length)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class LimitedReader:
    """A file object that reads at most `remaining` bytes, then closes."""

    def __init__(self, handle, remaining: int):
        self.handle, self.remaining = handle, remaining

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


@require_GET
def loudspeaker_print(request, path):
    """The script in large type, to print for the announcer, with its
    player when the audio has been rendered."""
    page, site = visible_page(request, path)
    ward = WardSettings.for_site(site)
    script = page.broadcast_script(ward)
    RenditionRecord.note(page, RenditionRecord.Kind.SCRIPT)
    return TemplateResponse(
        request,
        "loudspeaker/script.html",
        {
            "page": page,
            "script": script,
            "broadcast": page.broadcast_player(ward, script),
        },
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
    response = poster_response(request, page, site=site)
    if response.status_code != 200:
        return response
    return with_cache_control(request, response)
