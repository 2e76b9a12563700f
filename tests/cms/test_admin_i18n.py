"""The Wagtail admin speaks Vietnamese (issue 6).

Wagtail's own Vietnamese catalogs cover about 15 % of its admin messages; the
project ships ``locale/vi/LC_MESSAGES/{django,djangojs}.po`` (terminology in
``docs/glossary.md``). These tests keep that true across Wagtail upgrades:
coverage of the installed Wagtail's messages (read from its English catalogs)
stays at 95 % or more, and no translation loses a placeholder or HTML tag.
``python manage.py i18n_check`` prints the same figures and what is missing.
"""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from cms.i18n import (
    THRESHOLD,
    Message,
    check_messages,
    parse_po,
    placeholders_match,
    report,
    wagtail_messages,
)

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)\w|%\w|\{\w*\}|<[^>]*>|&#?\w+;")


def describe(result):
    lines = [
        f"{result.domain}: {result.translated}/{result.total} "
        f"({result.coverage:.1%}) translated"
    ]
    lines += [f"  untranslated: {m.msgid!r}" for m in result.untranslated[:30]]
    lines += [f"  mismatch: {m.msgid!r} -> {t!r}" for m, t in result.mismatches]
    return "\n".join(lines)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_wagtail_admin_messages_are_vietnamese(domain):
    assert len(wagtail_messages(domain)) > (1000 if domain == "django" else 50)
    result = report(domain, "vi")
    assert result.coverage >= THRESHOLD, describe(result)
    assert not result.mismatches, describe(result)


@pytest.mark.django_db  # the merged-ward middleware reads its hosts once
def test_jsi18n_view_serves_the_project_catalog(client):
    """Wagtail's ``jsi18n`` view (JavaScriptCatalog, packages=["wagtail.admin"])
    also reads LOCALE_PATHS: the browser gets the Vietnamese strings."""
    response = client.get(
        reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    body = response.content.decode()
    match = re.search(r"const newcatalog = (\{.*?\});\n", body, re.S)
    assert match, body[:500]
    catalog = json.loads(match[1])
    assert catalog["Page explorer"] == "Danh mục trang"
    assert catalog["Collapse all"] == "Thu gọn tất cả"

    def lookup(message, n):
        key = message.msgid
        if message.context is not None:
            key = f"{message.context}\x04{key}"
        value = catalog.get(key)
        if value is None:
            return message.msgid if n == 1 or not message.plural else message.plural
        return value[0] if isinstance(value, list) else value

    result = check_messages("djangojs", wagtail_messages("djangojs"), lookup)
    assert result.coverage >= THRESHOLD, describe(result)
    assert not result.mismatches, describe(result)


def test_admin_dashboard_is_vietnamese(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bảng điều khiển" in html
    for english in ("Dashboard", "Log out", "Search"):
        assert f">{english}<" not in html


def test_check_fails_without_the_project_catalog():
    """Wagtail's own Vietnamese catalogs alone are far below the threshold."""
    with override_settings(LOCALE_PATHS=[]):
        result = report("django", "vi")
    assert result.coverage < THRESHOLD
    assert result.untranslated


def test_placeholder_check_catches_mistakes():
    pages = Message("%(count)s page", "%(count)s pages")
    assert placeholders_match(pages, "%(count)s trang")
    assert not placeholders_match(pages, "trang")
    link = Message('Why not <a href="%(url)s">add one</a>?')
    assert placeholders_match(link, 'Hãy <a href="%(url)s">thêm mới</a>.')
    assert not placeholders_match(link, 'Hãy <a href=" %(url)s">thêm mới</a>.')
    assert not placeholders_match(link, "Hãy thêm mới %(url)s.")
    assert not placeholders_match(Message("{title} locked"), "{tieu_de} bị khóa")
    assert not placeholders_match(Message("Set password: %s"), "Đặt mật khẩu")


def test_command_reports_and_fails_below_threshold():
    call_command("i18n_check")
    with pytest.raises(CommandError):
        call_command("i18n_check", language="en")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalog_files_are_sound(domain):
    po = LOCALE_DIR / f"{domain}.po"
    entries = parse_po(po)
    header = entries[0]
    assert header["msgid"] == ""
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"]
    assert "Language: vi\n" in header["msgstr"]
    body = entries[1:]
    assert all("fuzzy" not in entry["flags"] for entry in body)
    for entry in body:
        if "msgid_plural" in entry:
            assert [k for k in entry if k.startswith("msgstr")] == ["msgstr[0]"]
            assert entry["msgstr[0]"], entry["msgid"]
        else:
            assert entry["msgstr"], entry["msgid"]
    # Leading/trailing whitespace is kept ("Delete " + title).
    for entry in body:
        text = entry.get("msgstr") or entry["msgstr[0]"]
        assert (
            text[: len(text) - len(text.lstrip())]
            == entry["msgid"][: len(entry["msgid"]) - len(entry["msgid"].lstrip())]
        )
        assert (
            text[len(text.rstrip()) :] == entry["msgid"][len(entry["msgid"].rstrip()) :]
        ), entry["msgid"]

    # The compiled catalog is in sync with the .po (msgfmt -o domain.mo domain.po).
    with open(LOCALE_DIR / f"{domain}.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog
    for entry in body:
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            assert compiled.get((key, 0)) == entry["msgstr[0]"], key
        else:
            assert compiled.get(key) == entry["msgstr"], key
    assert len([k for k in compiled if k != ""]) == len(body)


# Traditional tone-mark placement: hòa, khóa, thủy, ủy (not hoà, khoá, thuỷ).
NEW_STYLE_TONE = re.compile(r"(?i)\b\w*(?:o[àáảãạ]|o[èéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])\b")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_one_tone_mark_style(domain):
    offenders = []
    for entry in parse_po(LOCALE_DIR / f"{domain}.po")[1:]:
        text = entry.get("msgstr") or entry.get("msgstr[0]", "")
        offenders += NEW_STYLE_TONE.findall(PLACEHOLDER.sub(" ", text))
    assert not offenders


# docs/glossary.md: one Vietnamese term for one concept.
TERMS = {
    r"\bworkflows?\b": "quy trình|bước duyệt",
    r"\bsnippets?\b": "nội dung dùng chung",
    r"\bdocuments?\b": "tài liệu",
    r"\bimages?\b": "hình ảnh",
    r"\bunpublish": "ngừng xuất bản|chưa xuất bản|giữ nguyên",
    r"\b(?<!un)publish": "xuất bản",
    r"\bcollections?\b": "bộ sưu tập",
    r"\bredirects?\b": "chuyển hướng",
    r"\brevisions?\b": "phiên bản",
    r"\bdrafts?\b": "bản nháp",
    r"\bmoderation\b": "duyệt",
    r"\bapprove": "phê duyệt",
    r"\breject": "từ chối",
    r"\bprivacy\b": "quyền riêng tư",
    r"\bpreview": "xem trước",
    r"\bpermissions?\b": "quyền",
    r"\bsites?\b": "cổng thông tin",
    r"\blocked\b": "khóa",
    r"\bdashboard\b": "bảng điều khiển",
}


def test_glossary_terms_are_used_consistently():
    wagtail_ids = {m.msgid for m in wagtail_messages("django")}
    wrong = []
    for entry in parse_po(LOCALE_DIR / "django.po")[1:]:
        if entry["msgid"] not in wagtail_ids:
            continue
        english = PLACEHOLDER.sub(
            " ", f"{entry['msgid']} {entry.get('msgid_plural', '')}"
        )
        text = (entry.get("msgstr") or entry["msgstr[0]"]).lower()
        for pattern, vietnamese in TERMS.items():
            if re.search(pattern, english, re.I) and not re.search(vietnamese, text):
                wrong.append((entry["msgid"], text))
    assert not wrong


def test_no_english_words_left_in_the_translations():
    """Loanwords the glossary replaces (website → cổng thông tin, menu → trình
    đơn, email → thư điện tử) and the software's name never reach the screen."""
    english = re.compile(r"\b(website|menu|snippet|e-?mail|slug|Wagtail)\b", re.I)
    leftovers = []
    for name in ("django.po", "djangojs.po"):
        for entry in parse_po(LOCALE_DIR / name)[1:]:
            texts = [v for k, v in entry.items() if k.startswith("msgstr")]
            for text in texts:
                if english.search(PLACEHOLDER.sub(" ", text)):
                    leftovers.append(text)
    assert leftovers == []


def test_key_labels():
    with translation.override("vi"):
        assert translation.gettext("Submit for moderation") == "Gửi duyệt"
        assert translation.gettext("Save draft") == "Lưu bản nháp"
        assert translation.gettext("Unpublish") == "Ngừng xuất bản"
        assert translation.gettext("Snippets") == "Nội dung dùng chung"
        assert (
            translation.gettext("Submit to %(workflow_name)s")
            % {"workflow_name": "Phê duyệt của lãnh đạo phường"}
            == "Gửi duyệt (Phê duyệt của lãnh đạo phường)"
        )


# Django's own messages ward staff meet: form validation, dates, pagination.
DJANGO_CORE = [
    "This field is required.",
    "Enter a valid date.",
    "Enter a valid time.",
    "Enter a valid date/time.",
    "Enter a valid URL.",
    "Enter a valid email address.",
    "Enter a valid duration.",
    "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    "That page number is not an integer",
    "That page number is less than 1",
    "That page contains no results",
    "Enter a complete value.",
    "Forbidden",
    "CSRF verification failed. Request aborted.",
    "Monday",
    "January",
]


def test_django_core_messages_staff_meet():
    with translation.override("vi"):
        untranslated = [m for m in DJANGO_CORE if translation.gettext(m) == m]
        assert not untranslated
        for singular, plural in [
            ("%(num)d day", "%(num)d days"),
            ("%(num)d minute", "%(num)d minutes"),
            (
                "Please submit at most %(num)d form.",
                "Please submit at most %(num)d forms.",
            ),
            (
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
            ),
        ]:
            text = translation.ngettext(singular, plural, 3)
            assert text not in (singular, plural)
            assert placeholders_match(Message(singular, plural), text)
