"""Editors search the admin without diacritics, like residents do."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from directives.blocks import paragraphs_to_stream
from directives.models import DirectivePage
from search import analysis
from tests.factories import (
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
    UserFactory,
)


@pytest.fixture
def folding(settings):
    """The site's own configuration (the test settings keep it)."""
    assert settings.WAGTAILSEARCH_BACKENDS == {
        "default": {"BACKEND": "search.admin_backend", "SEARCH_CONFIG": "simple"}
    }


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


# --- Marks mean what they say, as on the portal ------------------------------


@pytest.fixture
def look_alikes(folding, sections):
    """Two notices whose words fold to the same letters: sổ đỏ / số độ."""
    parent = sections["NoticeIndexPage"]
    return {
        "so_do": NoticePageFactory(
            parent=parent,
            title="Hướng dẫn cấp sổ đỏ cho hộ gia đình",
            body=paragraphs_to_stream("Nộp hồ sơ cấp sổ đỏ tại bộ phận một cửa."),
        ),
        "so_do_lookalike": NoticePageFactory(
            parent=parent,
            title="Thông báo số 12 về nhiệt độ cao, cáp điện",
            body=paragraphs_to_stream(
                "Nhiệt độ ngoài trời lên cao, số hộ cáp điện bị hỏng tăng."
            ),
        ),
    }


def _found(method, q):
    pages = getattr(get_search_backend(), method)(q, Page.objects.all())
    return {page.title for page in pages}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["search", "autocomplete"])
def test_a_word_typed_with_marks_finds_that_syllable_only(look_alikes, method):
    so_do, other = look_alikes["so_do"].title, look_alikes["so_do_lookalike"].title
    assert _found(method, "sổ đỏ") == {so_do}
    assert _found(method, "số") == {other}
    assert _found(method, "cáp") == {other}
    assert _found(method, "cấp") == {so_do}
    # Without marks every accented form, and mixed queries token by token.
    assert _found(method, "so") == {so_do, other}
    assert _found(method, "cap so") == {so_do, other}
    assert _found(method, "cap sổ") == {so_do}


@pytest.mark.django_db
def test_both_tone_placements_and_capitals_are_one_word(folding, sections):
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Lịch tiếp dân phường Hoà Thuận"
    )
    NoticePageFactory(parent=sections["NoticeIndexPage"], title="Lịch tiếp dân Hóa An")
    for q in ("hòa thuận", "Hoà Thuận", "HÒA THUẬN", "hoa thuan"):
        assert _found("search", q) == {page.title}, q
    assert _found("autocomplete", "phường hoà") == {page.title}


@pytest.mark.django_db
def test_admin_page_search_and_chooser_follow_the_marks(client, look_alikes):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    so_do, other = look_alikes["so_do"].title, look_alikes["so_do_lookalike"].title
    html = client.get("/admin/pages/search/", {"q": "cấp sổ đỏ"}).content.decode()
    assert so_do in html and other not in html
    chooser = client.get("/admin/choose-page/search/", {"q": "số độ"})
    text = (
        chooser.json()["html"]
        if "json" in chooser["Content-Type"]
        else (chooser.content.decode())
    )
    assert other in text and so_do not in text


@pytest.mark.django_db
def test_snippet_listing_search_follows_the_marks(client, folding):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    IssuingBodyFactory(name="Ủy ban nhân dân phường Thủy An")
    IssuingBodyFactory(name="Ủy ban nhân dân xã Thụy An")
    url = "/admin/snippets/directives/issuingbody/"
    precise = client.get(url, {"q": "Thủy An"}).content.decode()
    assert "phường Thủy An" in precise and "xã Thụy An" not in precise
    loose = client.get(url, {"q": "thuy an"}).content.decode()
    assert "phường Thủy An" in loose and "xã Thụy An" in loose


@pytest.mark.django_db
def test_abbreviation_listing_search_folds_and_follows_the_marks(client, folding):
    from directives.models import Abbreviation

    client.force_login(UserFactory(username="editor", is_superuser=True))
    Abbreviation.objects.create(abbreviation="BQL", expansion="ban quản lý")
    Abbreviation.objects.create(abbreviation="BQLDA", expansion="ban quản lý dự án")
    Abbreviation.objects.create(abbreviation="QLĐT", expansion="quân lực địa phương")
    url = "/admin/snippets/directives/abbreviation/"
    loose = client.get(url, {"q": "quan ly"}).content.decode()
    assert "BQLDA" in loose and "QLĐT" not in loose  # "ly" is not "lực"
    precise = client.get(url, {"q": "quân"}).content.decode()
    assert "QLĐT" in precise and "BQLDA" not in precise


@pytest.mark.django_db
def test_ki_and_ky_are_one_spelling_in_the_admin(folding, sections):
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Hướng dẫn đăng ký tạm trú"
    )
    for q in ("đăng kí tạm trú", "dang ki", "đăng ký", "ĐĂNG KÍ"):
        assert _found("search", q) == {page.title}, q
    assert _found("autocomplete", "đăng kí") == {page.title}
