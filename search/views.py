"""The search page (/tim-kiem/), JSON API (/api/search/) and suggestions."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from directives.models import DirectiveStatus

from .query import FILTERS, Params, search, suggest

KIND_LABELS = {"directive": "Văn bản", "notice": "Thông báo", "article": "Tin tức"}


def _json(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def search_api(request):
    return _json(search(Params.from_query_dict(request.GET)).as_json())


@require_GET
def suggest_api(request):
    text = str(request.GET.get("q", ""))
    return _json({"query": text[:200], "suggestions": suggest(text)})


@require_GET
def search_page(request):
    params = Params.from_query_dict(request.GET)
    results = search(params) if (params.q or params.has_filters) else None
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "params": params,
            "results": results,
            "active_filters": [f for f in FILTERS if getattr(params, f)],
            "status_labels": dict(DirectiveStatus.choices),
            "kind_labels": KIND_LABELS,
        },
    )
