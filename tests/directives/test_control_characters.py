"""Control characters never reach the database, whatever the way in (admin,
model save, import, snippets), and a page stored before the rule still makes
valid feeds: one vertical tab (Word's line break) once made both notice feeds
answer 500."""

import io
import json
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import WardSettings
from directives.blocks import paragraphs_to_stream
from directives.models import (
    Abbreviation,
    BroadcastSlot,
    DirectivePage,
    IssuingBody,
    NoticePage,
)
from search.models import Synonym
from tests.factories import DirectivePageFactory, NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRTY_TITLE = "Thông báo\x0bcắt nước\x00 tổ\x1f dân phố 5"
CLEAN_TITLE = "Thông báo\ncắt nước tổ dân phố 5"
DIRTY_BODY = "Từ 7 giờ\x0b đến 11 giờ\x00.\x1f\n\nBà con\u2028chủ động trữ nước."
CLEAN_BODY = "Từ 7 giờ\n đến 11 giờ.\n\nBà con\nchủ động trữ nước."
CONTROLS = {chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}

FEEDS = [
    "/feed/thong-bao/rss/",
    "/feed/thong-bao/atom/",
    "/feed/van-ban/rss/",
    "/feed/van-ban/atom/",
    "/feed/phat-thanh/",
]


def assert_clean(*texts):
    for text in texts:
        assert not CONTROLS & set(text), repr(text)


def assert_feeds_are_valid_xml(client, *expected):
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)  # well-formed XML 1.0
        for text in expected if "thong-bao" in url else ():
            assert text in response.content.decode()


def assert_renditions_answer(client, page):
    assert client.get(f"{page.url}poster.pdf").status_code == 200
    assert client.get(f"{page.url}loa.txt").status_code == 200
    response = client.get("/api/search/", {"q": "cắt nước"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def list_block(items):
    """A ListBlock's form data (Wagtail's test helpers have none)."""
    return {
        "count": len(items),
        **{
            str(i): {"value": item, "deleted": "", "order": i, "id": ""}
            for i, item in enumerate(items)
        },
    }


def test_model_save_stores_clean_text_in_page_and_revision(client, sections, pango):
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title=DIRTY_TITLE,
        body=paragraphs_to_stream(DIRTY_BODY),
        posted_at="Nhà văn hóa\x0b tổ 5",
    )
    page = NoticePage.objects.get(pk=page.pk)
    assert page.title == page.draft_title == CLEAN_TITLE
    assert page.body_text == CLEAN_BODY
    assert page.posted_at == "Nhà văn hóa\n tổ 5"
    revision = page.latest_revision.content
    assert_clean(revision["title"], json.dumps(revision["body"]), revision["posted_at"])
    assert_feeds_are_valid_xml(client, "cắt nước tổ dân phố 5")
    assert_renditions_answer(client, page)


def test_admin_form_stores_clean_text(client, sections, pango):
    client.force_login(UserFactory(username="quantri", is_superuser=True))
    parent = sections["NoticeIndexPage"]
    url = reverse(
        "wagtailadmin_pages:add", args=("directives", "noticepage", parent.pk)
    )
    data = {
        "title": "Thông báo\x0bcắt nước\x1f tổ dân phố 5",
        "slug": "",
        "published_on": "21/11/2026",
        "audience": "Tổ dân phố\x0b5",
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>Từ 7 giờ\x0b đến 11 giờ\x1f.</p>")),
                ("heading", "I.\x0bLỊCH CẮT NƯỚC"),
                ("list", list_block(["Tổ 5\x0b", "Tổ\x1f 6"])),
            ]
        ),
        "campaign": "",
        "action-publish": "action-publish",
    }
    response = client.post(url, nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors
    page = NoticePage.objects.get(audience__startswith="Tổ dân phố")
    assert page.live
    assert page.title == "Thông báo\ncắt nước tổ dân phố 5"
    assert page.audience == "Tổ dân phố\n5"
    assert_clean(page.title, page.audience, page.body_text, page.slug)
    assert_clean(json.dumps(page.latest_revision.content))
    assert "Tổ 6" in page.body_text
    assert_feeds_are_valid_xml(client, "cắt nước tổ dân phố 5")
    assert_renditions_answer(client, page)


def test_import_stores_clean_text(client, sections, tmp_path, pango):
    lines = [
        {
            "kind": "directive",
            "doc_type": "Chỉ thị",
            "number": "07-CT/UBND\u0000",
            "issuer": "Ủy ban nhân dân\u000b phường",
            "signed_on": "2026-11-01",
            "title": "Về cấp nước\u001f an toàn",
            "summary": "Bà con\u000btrữ nước.",
            "body": DIRTY_BODY,
        },
        {
            "kind": "notice",
            "title": DIRTY_TITLE,
            "body": DIRTY_BODY,
            "published_on": "2026-11-21",
            "audience": "Tổ\u0000 dân phố 5",
            "directives": ["07-CT/UBND\u0000"],
        },
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", str(path), stdout=out, stderr=err)
    assert "2 mới" in out.getvalue(), err.getvalue()
    notice = NoticePage.objects.get()
    assert notice.title == CLEAN_TITLE
    assert notice.body_text == CLEAN_BODY
    assert notice.audience == "Tổ dân phố 5"
    directive = DirectivePage.objects.get()
    assert directive.number == "07-CT/UBND"
    assert directive.issuer.name == "Ủy ban nhân dân\n phường"
    assert directive.title == "Về cấp nước an toàn"
    assert list(notice.directives.all()) == [directive]
    assert_feeds_are_valid_xml(client, "cắt nước tổ dân phố 5")
    assert_renditions_answer(client, notice)


def test_a_page_stored_before_the_rule_still_makes_valid_feeds(client, sections, pango):
    """Rows written before the rule are cleaned on the way out (with what
    PostgreSQL could hold: anything but NUL)."""
    title = DIRTY_TITLE.replace("\x00", "")
    body = DIRTY_BODY.replace("\x00", "")
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])
    directive = DirectivePageFactory(parent=sections["DirectiveIndexPage"])
    # Straight to the database, past every save hook.
    NoticePage.objects.filter(pk=notice.pk).update(
        title=title,
        posted_at="Bảng tin\x0b",
        body=[{"type": "paragraph", "value": f"<p>{body}</p>", "id": "x"}],
    )
    DirectivePage.objects.filter(pk=directive.pk).update(
        title="Chỉ thị\x0bcũ", summary="Tóm\x08 tắt\x1b[31m"
    )
    IssuingBody.objects.filter(pk=directive.issuer_id).update(name="Ủy ban\x0c")
    assert NoticePage.objects.get(pk=notice.pk).title == title
    assert_feeds_are_valid_xml(client, "cắt nước tổ dân phố 5", "Từ 7 giờ")
    assert client.get(f"{notice.url}poster.pdf").status_code == 200
    assert client.get(f"{directive.url}poster.pdf").status_code == 200
    assert client.get(f"{notice.url}loa.txt").status_code == 200


def test_snippets_and_settings_store_clean_text(sections):
    issuer = IssuingBody.objects.create(name="Ủy ban\x00 nhân dân\x0b phường 5")
    assert IssuingBody.objects.get(pk=issuer.pk).name == "Ủy ban nhân dân\n phường 5"
    Abbreviation.objects.create(abbreviation="TDP\x00", expansion="tổ\x1f dân phố")
    assert Abbreviation.as_dict() == {"TDP": "tổ dân phố"}
    synonym = Synonym.objects.create(phrases="KP\x0bkhu phố\x00", note="\x1b")
    synonym.refresh_from_db()
    assert synonym.phrase_list() == ["KP", "khu phố"]
    assert synonym.note == ""
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])
    slot = BroadcastSlot.objects.create(page=notice, note="Đọc\x0b chậm\x00")
    slot.refresh_from_db()
    assert slot.note == "Đọc\n chậm"
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    ward.ward_name = "Phường\x00 Hải Châu"
    ward.save()
    ward.refresh_from_db()
    assert ward.ward_name == "Phường Hải Châu"
