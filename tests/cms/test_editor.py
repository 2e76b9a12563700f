"""The editor's first steps in the admin: a new page of every type saves on the
first try with only its required fields, and previews, new or existing."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from directives.models import (
    ArticleIndexPage,
    ArticlePage,
    CampaignIndexPage,
    CampaignPage,
    DirectiveIndexPage,
    DirectivePage,
    IssuingBody,
    NoticeIndexPage,
    NoticePage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, demo):
    client.login(username="bientap", password="bientap")
    return client


def required_fields(model) -> dict:
    """Only what the editor must fill for `model`: no slug, no optional field."""
    directive = DirectivePage.objects.get(number="29-CT/TU")
    common = {"body": streamfield([])}
    if model is DirectivePage:
        return {
            **common,
            "title": "Về tăng cường công tác dân vận trong tình hình mới",
            "doc_type": "Chỉ thị",
            "number": "07 - ct/tu",
            "issuer": IssuingBody.objects.first().pk,
            "signed_on": "05/09/2026",
            "status": "in_force",
            "summary": "Cán bộ phường gần dân, lắng nghe dân.",
            "relations": inline_formset(
                [{"kind": "based_on", "target": directive.pk}], initial=0
            ),
            "tags": "",
        }
    if model is CampaignPage:
        return {
            **common,
            "title": "Đợt tuyên truyền Đường phố văn minh",
            "slogans": inline_formset([{"text": "Sống xanh, đường sạch"}], initial=0),
            "directives": directive.pk,
        }
    return {
        **common,
        "title": "Thông báo tổng vệ sinh đường Bạch Đằng",
        "published_on": "01/12/2026",
        "audience": "Toàn phường",
        "directives": directive.pk,
        "body": streamfield(
            [("paragraph", rich_text("<p>Sáng Chủ nhật, mọi nhà cùng dọn.</p>"))]
        ),
    }


PAGE_TYPES = [
    (DirectivePage, DirectiveIndexPage, "chi-thi-07-ct-tu-2026"),
    (NoticePage, NoticeIndexPage, "thong-bao-tong-ve-sinh-duong-bach-dang"),
    (ArticlePage, ArticleIndexPage, "thong-bao-tong-ve-sinh-duong-bach-dang"),
    (CampaignPage, CampaignIndexPage, "dot-tuyen-truyen-duong-pho-van-minh"),
]


def add_url(model, parent, view="add"):
    meta = model._meta
    return reverse(
        f"wagtailadmin_pages:{view}", args=(meta.app_label, meta.model_name, parent.pk)
    )


@pytest.mark.parametrize(("model", "section", "slug"), PAGE_TYPES)
def test_new_page_saves_first_time_with_required_fields_only(
    editor_client, model, section, slug
):
    parent = section.objects.get()
    data = nested_form_data(required_fields(model))
    response = editor_client.post(add_url(model, parent), data)
    assert response.status_code == 302, response.context["form"].errors
    page = model.objects.get(title=data["title"])
    assert page.slug == slug
    assert not page.live
    # The same title again: a unique slug, still no error.
    again = editor_client.post(add_url(model, parent), data)
    assert again.status_code == 302
    assert model.objects.filter(title=data["title"]).latest("pk").slug == f"{slug}-2"


@pytest.mark.parametrize(("model", "section", "slug"), PAGE_TYPES)
def test_preview_of_a_new_page_shows_its_unsaved_content(
    editor_client, model, section, slug
):
    url = add_url(model, section.objects.get(), view="preview_on_add")
    data = nested_form_data(required_fields(model))
    check = editor_client.post(url, data)
    assert check.json() == {"is_valid": True, "is_available": True}
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert data["title"] in html
    # Unsaved links to directives show, by their number.
    assert "29-CT/TU" in html


@pytest.mark.parametrize(
    "model", [DirectivePage, NoticePage, ArticlePage, CampaignPage]
)
def test_preview_of_an_existing_page_with_changed_links(editor_client, model):
    page = model.objects.live().first()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    fields = required_fields(model)
    fields["title"] = f"{page.title} (sửa)"
    if model is DirectivePage:
        fields.update(number=page.number, signed_on=f"{page.signed_on:%d/%m/%Y}")
    fields["slug"] = page.slug
    check = editor_client.post(url, nested_form_data(fields))
    assert check.json()["is_valid"] is True
    response = editor_client.get(url)
    assert response.status_code == 200
    assert f"{page.title} (sửa)" in response.content.decode()


def test_an_empty_slug_is_made_from_the_title_with_d_kept(sections):
    page = NoticePage(title="Đường Đống Đa tạm cấm xe", audience="Toàn phường")
    sections["NoticeIndexPage"].add_child(instance=page)
    assert page.slug == "duong-dong-da-tam-cam-xe"


def test_slug_widget_fills_from_the_title_in_vietnamese(editor_client):
    parent = NoticeIndexPage.objects.get()
    html = editor_client.get(add_url(NoticePage, parent)).content.decode()
    # The title syncs the slug, and the slug widget folds Vietnamese letters.
    assert 'data-w-sync-target-value="#id_slug"' in html
    assert "data-w-slug-formatters-value=" in html
    formatters = html.split("data-w-slug-formatters-value=")[1][:5000]
    assert "u1ec7" in formatters  # ệ
    assert "u0111" in formatters  # đ


def test_directive_choices_show_type_number_and_subject(editor_client):
    parent = NoticeIndexPage.objects.get()
    html = editor_client.get(add_url(NoticePage, parent)).content.decode()
    directive = DirectivePage.objects.get(number="29-CT/TU")
    label = f"Chỉ thị 29-CT/TU — {directive.title}"
    assert label in html
    assert 'data-search="chithi29cttuvetangcuong' in html
    assert 'aria-label="Lọc theo số, ký hiệu hoặc tiêu đề"' in html
    assert "js/filterable-choices.js" in html


def test_explorer_names_directives_by_type_and_number(editor_client):
    section = DirectiveIndexPage.objects.get()
    html = editor_client.get(f"/admin/pages/{section.pk}/").content.decode()
    assert "Kế hoạch 86/KH-UBND — " in html
