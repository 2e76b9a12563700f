"""The password form of a private page or document is a portal page, in
Vietnamese, that shows nothing of what it protects."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from directives.models import NoticePage

pytestmark = pytest.mark.django_db

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.fixture
def private_notice(demo):
    notice = NoticePage.objects.live().first()
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    return notice


def test_a_private_page_asks_for_its_password_as_a_portal_page(client, private_notice):
    response = client.get(private_notice.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert VIEWPORT in html
    assert '<span class="brand-sup">Ủy ban nhân dân</span>' in html
    assert "<title>Cần mật khẩu – " in html
    assert "<h1>Cần mật khẩu</h1>" in html
    assert "Trang này chỉ dành cho người có mật khẩu." in html
    assert '<label for="id_password">Mật khẩu</label>' in html
    assert 'type="password" name="password" id="id_password"' in html
    assert '<meta name="robots" content="noindex">' in html
    # Nothing of the private page before the password.
    assert private_notice.title not in html
    assert "og:title" not in html and "application/ld+json" not in html


def test_a_wrong_password_says_so_and_the_right_one_opens_the_page(
    client, private_notice
):
    form = client.get(private_notice.url)
    action = form.content.decode().split('class="password-form" action="')[1]
    action = action.split('"')[0]
    wrong = client.post(action, {"password": "sai", "return_url": private_notice.url})
    assert wrong.status_code == 200
    html = wrong.content.decode()
    assert "Mật khẩu không đúng. Vui lòng nhập lại." in html
    assert 'aria-invalid="true" aria-describedby="loi-mat-khau"' in html
    assert private_notice.title not in html

    right = client.post(action, {"password": "bimat", "return_url": private_notice.url})
    assert right.status_code == 302
    assert right["Location"] == private_notice.url
    assert private_notice.title in client.get(private_notice.url).content.decode()


def test_a_private_document_asks_for_its_password_in_vietnamese(client, demo):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Tài liệu nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="bimat",
    )
    document = get_document_model().objects.create(
        title="Biên bản nội bộ",
        collection=private,
        file=ContentFile(b"%PDF-1.4 noi bo", name="bien-ban.pdf"),
    )
    response = client.get(document.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Cần mật khẩu</h1>" in html
    assert "Tài liệu này chỉ dành cho người có mật khẩu." in html
    assert '<label for="id_password">Mật khẩu</label>' in html
    assert VIEWPORT in html
