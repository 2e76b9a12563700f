"""The open, read-only API: Wagtail API v2 at /api/v2/pages/.

Only what a resident may see (`cms.visibility.for_residents`: live, public,
not past its expiry, whoever asks: a signed-in editor gets no more than
anyone), with each page type's public fields (`api_fields` on the models).
JSON only; errors in Vietnamese with Wagtail's own reason beside.
"""

from django.http import Http404
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from .visibility import for_residents


class JSONWhateverAccepted(BaseContentNegotiation):
    """JSON for every client, whatever its Accept header says (no 406)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ResidentPagesAPIViewSet(PagesAPIViewSet):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONWhateverAccepted
    # A ward's copy of a city-library directive is the ward's page: its
    # original (no address, another tree) is not shown.
    meta_fields = [f for f in PagesAPIViewSet.meta_fields if f != "alias_of"]

    def get_base_queryset(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        pages = Page.objects.all().live().public()
        # Past its expiry a page is hidden before Wagtail unpublishes it; few
        # are, and a search can filter on ids (not on expire_at, which the
        # search index does not hold).
        hidden = pages.exclude(pk__in=for_residents(Page.objects.all())).values("pk")
        pages = pages.exclude(pk__in=list(hidden.values_list("pk", flat=True)))
        return pages.descendant_of(site.root_page, inclusive=True)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            data = {"message": "Không có trang này (hoặc trang không công khai)."}
            return Response(data, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            data = {"message": "Tham số không hợp lệ.", "detail": str(exc)}
            return Response(data, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ResidentPagesAPIViewSet)
