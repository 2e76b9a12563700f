"""Editors search the admin without diacritics, like residents do."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from directives.models import DirectivePage
from search import analysis
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


# --- Finding a document by its number (the editor's day) ---------------------


def spellings(number: str) -> list[str]:
    """As printed, spaced in capitals, in lower case: "29-CT/TU", "29 CT TU",
    "29-ct/tu"."""
    return [number, re.sub(r"[-/]", " ", number).upper(), number.lower()]


@pytest.fixture
def corpus_site(folding, sections, corpus_path):
    call_command("import_documents", str(corpus_path), stdout=io.StringIO())
    return DirectivePage.objects.all()


@pytest.mark.django_db
def test_admin_search_finds_every_corpus_directive_by_number(corpus_site):
    backend = get_search_backend()
    assert corpus_site.count() == 23
    for directive in corpus_site:
        for q in spellings(directive.number):
            found = [p.pk for p in backend.autocomplete(q, Page.objects.all())[:5]]
            assert found[:1] == [directive.pk], (q, found)
        # Type and bare number: every directive of that type and number.
        bare = f"{analysis.fold(directive.doc_type)} {int(directive.number[:2])}"
        found = [p.pk for p in backend.autocomplete(bare, Page.objects.all())[:5]]
        assert directive.pk in found, (bare, found)


@pytest.mark.django_db
def test_admin_search_and_chooser_show_type_and_number(client, corpus_site):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    html = client.get("/admin/pages/search/", {"q": "29 ct tu"}).content.decode()
    assert "Chỉ thị 29-CT/TU — " in html
    chooser = client.get("/admin/choose-page/search/", {"q": "chi thi 29"})
    text = (
        chooser.json()["html"]
        if "json" in chooser["Content-Type"]
        else (chooser.content.decode())
    )
    assert "Chỉ thị 29-CT/TU — " in text
    assert "Chỉ thị 29/CT-UBND — " in text


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["???", "—", "-", "_", "“”"])
def test_a_query_of_punctuation_finds_nothing_without_error(client, directive, q):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    for url in ("/admin/pages/search/", "/admin/choose-page/search/"):
        assert client.get(url, {"q": q}).status_code == 200
    assert list(get_search_backend().autocomplete(q, Page.objects.all())) == []
