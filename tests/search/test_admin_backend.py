"""Editors search the admin without diacritics, like residents do."""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.factories import DirectivePageFactory, IssuingBodyFactory, UserFactory

FOLDING = {"default": {"BACKEND": "search.admin_backend"}}


@pytest.fixture
def folding(settings):
    settings.WAGTAILSEARCH_BACKENDS = FOLDING


@pytest.fixture
def directive(folding, sections):
    return DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        number="17/CT-UBND",
        issuer=IssuingBodyFactory(name="Ủy ban nhân dân quận Đống Đa"),
        title="Về thực hiện Năm kỷ cương hành chính",
        summary="Niêm yết thủ tục, tiếp nhận hồ sơ đúng hẹn.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", ["ky cuong hanh chinh", "Kỷ cương", "dong da", "ĐỐNG ĐA", "niem yet thu tuc"]
)
def test_pages_match_without_diacritics(directive, q):
    backend = get_search_backend()
    assert type(backend).__name__.startswith("Folding")
    assert [p.pk for p in backend.search(q, Page.objects.all())] == [directive.pk]


@pytest.mark.django_db
def test_autocomplete_folds_too(directive):
    found = get_search_backend().autocomplete("ky cuo", Page.objects.all())
    assert [p.pk for p in found] == [directive.pk]


@pytest.mark.django_db
def test_admin_page_search(client, directive):
    user = UserFactory(username="editor", is_superuser=True, is_staff=True)
    client.force_login(user)
    response = client.get("/admin/pages/search/", {"q": "nam ky cuong"})
    assert response.status_code == 200
    assert "Về thực hiện Năm kỷ cương hành chính" in response.content.decode()
