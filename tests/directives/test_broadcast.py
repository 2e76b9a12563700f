import re
import shutil

import pytest
from wagtail.models import PageViewRestriction, Site

from cms.models import WardSettings
from directives.loudspeaker.script import build_script
from directives.models import DirectivePage, NoticePage
from tests.factories import DirectivePageFactory

LATIN_ABBREVIATION = re.compile(r"\b[A-ZĐ]{2,}\b")


def demo_scripted_pages():
    return [
        *DirectivePage.objects.live().public(),
        *NoticePage.objects.live().public(),
    ]


@pytest.mark.django_db
def test_every_demo_script_is_fully_spoken(client, demo):
    pages = demo_scripted_pages()
    assert len(pages) >= 10
    for page in pages:
        response = client.get(f"{page.url}loa.txt")
        assert response.status_code == 200, page.url
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode("utf-8")
        assert text.startswith("Đài truyền thanh phường Hải Châu xin thông báo.")
        assert not re.search(r"\d", text), (page.url, re.findall(r".{20}\d.{20}", text))
        assert "/" not in text, page.url
        assert not LATIN_ABBREVIATION.findall(text), (
            page.url,
            LATIN_ABBREVIATION.findall(text),
        )


@pytest.mark.django_db
def test_directive_script_reads_symbol_date_and_issuer(demo):
    page = DirectivePage.objects.get(number="29-CT/TU")
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    script = build_script(page, ward)
    assert script.lines[1].startswith(
        "Chỉ thị số hai mươi chín, ngày mồng mười tháng mười hai năm hai nghìn "
        "không trăm mười ba của Ban Thường vụ Thành ủy Đà Nẵng"
    )
    assert any(
        line.startswith("Xin nhắc lại: Chỉ thị số hai mươi chín")
        for line in script.lines
    )
    assert script.minutes >= 1


@pytest.mark.django_db
def test_no_repetition_when_the_ward_does_not_want_it(demo):
    page = NoticePage.objects.live().first()
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    ward.broadcast_repeat = False
    assert not any(
        line.startswith("Xin nhắc lại") for line in build_script(page, ward).lines
    )


@pytest.mark.django_db
def test_tinh_uy_symbol_is_read_from_the_issuer_on_the_site(demo):
    page = DirectivePage.objects.get(number="12-CT/TU")
    page.summary = "Thực hiện Chỉ thị 12-CT/TU trong toàn tỉnh."
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    text = build_script(page, ward).text
    assert "chỉ thị số mười hai của tỉnh ủy" in text.lower()


@pytest.mark.django_db
def test_script_of_draft_or_private_page_is_not_served(client, sections):
    parent = sections["DirectiveIndexPage"]
    draft = DirectivePageFactory(parent=parent, number="701/CT-UBND", live=False)
    private = DirectivePageFactory(parent=parent, number="702/CT-UBND")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    draft_url = f"{parent.url}{draft.slug}/loa.txt"
    assert client.get(draft_url).status_code == 404
    assert client.get(f"{private.url}loa.txt").status_code == 404
    assert client.get(f"{private.url}loa.wav").status_code == 404
    assert client.get(f"{parent.url}loa.txt").status_code == 404  # not a document
    assert client.get("/khong-co-trang-nay/loa.txt").status_code == 404


@pytest.mark.django_db
def test_audio_without_engine_is_a_503_that_says_what_to_install(
    client, demo, monkeypatch
):
    monkeypatch.setattr("directives.loudspeaker.speech.shutil.which", lambda name: None)
    page = NoticePage.objects.live().first()
    response = client.get(f"{page.url}loa.wav")
    assert response.status_code == 503
    assert "apt-get install espeak-ng" in response.content.decode()


@pytest.mark.django_db
def test_audio_with_espeak(client, demo):
    if shutil.which("espeak-ng") is None:
        pytest.skip(
            "espeak-ng not installed: apt-get install espeak-ng (make test, as root)"
        )
    page = DirectivePage.objects.get(number="26/CT-TTg")
    response = client.get(f"{page.url}loa.wav")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    data = b"".join(response.streaming_content)
    assert data[:4] == b"RIFF" and len(data) > 50_000
