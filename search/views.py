"""The search page (/tim-kiem/), JSON API (/api/search/) and suggestions."""

import functools
import logging

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site, get_page_models

from directives.models import DirectiveStatus

from .engines.base import SearchUnavailable
from .plan import FILTERS, Params
from .query import search, suggest

logger = logging.getLogger(__name__)
UNAVAILABLE = "Tìm kiếm tạm thời chưa sẵn sàng, xin thử lại sau ít phút."


def answers_503_when_unavailable(view):
    """An index missing, damaged or waiting for its rebuild, or Elasticsearch
    down: a 503 that says so to the resident (the log says what to run),
    never a 500 and never an empty result that looks like an answer."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SearchUnavailable as exc:
            logger.error("search unavailable: %s", exc)
            if request.path.startswith("/api/"):
                response = JsonResponse(
                    {"error": UNAVAILABLE},
                    status=503,
                    json_dumps_params={"ensure_ascii": False},
                )
            else:
                response = TemplateResponse(
                    request,
                    "search/unavailable.html",
                    {"message": UNAVAILABLE},
                    status=503,
                )
            response["Retry-After"] = "60"
            return response

    return wrapped


def kind_labels() -> dict[str, str]:
    """Each kind of result as its page type names itself (`kind_label`):
    the facet links and the hits' second line."""
    return {
        model.kind: str(model.kind_label)
        for model in get_page_models()
        if getattr(model, "kind", "") and getattr(model, "kind_label", "")
    }


def _json(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def request_site(request) -> int:
    """The id of the ward whose portal was asked (by host name, else the
    default site): a ward searches only its own pages. No site at all is a
    404, as Wagtail answers for its pages."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site.pk


@require_safe
@answers_503_when_unavailable
def search_api(request):
    params = Params.from_query_dict(request.GET, site=request_site(request))
    return _json(search(params).as_json())


@require_safe
@answers_503_when_unavailable
def suggest_api(request):
    text = str(request.GET.get("q", ""))
    found = suggest(text, site=request_site(request))
    return _json({"query": text[:200], "suggestions": found})


@require_safe
@answers_503_when_unavailable
def search_page(request):
    params = Params.from_query_dict(request.GET, site=request_site(request))
    results = search(params) if (params.q or params.has_filters) else None
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "params": params,
            "results": results,
            "active_filters": [f for f in FILTERS if getattr(params, f)],
            "status_labels": dict(DirectiveStatus.choices),
            "kind_labels": kind_labels(),
        },
    )
