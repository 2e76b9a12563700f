"""The search page (/tim-kiem/) and JSON API (/api/search/): thin edges."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from directives.models import DirectiveStatus

from .query import FILTERS, Params, search


@require_GET
def search_api(request):
    results = search(Params.from_query_dict(request.GET))
    return JsonResponse(results.as_json(), json_dumps_params={"ensure_ascii": False})


@require_GET
def search_page(request):
    params = Params.from_query_dict(request.GET)
    results = (
        search(params)
        if (params.q or params.kind or params.directive_filters)
        else None
    )
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "params": params,
            "results": results,
            "active_filters": [f for f in FILTERS if getattr(params, f)],
            "status_labels": dict(DirectiveStatus.choices),
            "kind_labels": {
                "directive": "Văn bản",
                "notice": "Thông báo",
                "article": "Tin tức",
            },
        },
    )
