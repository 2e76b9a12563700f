"""Snippets that change live output are the ward leaders' to change.

Without this an editor could rename an issuing body, or add an
abbreviation, a synonym or a loudspeaker slot, and change live pages,
posters, scripts and search with no approval (see the 0009 migration).
"""

import pytest
from django.urls import reverse

from directives.models import Abbreviation, BroadcastSlot, IssuingBody
from search.models import Synonym
from tests.factories import (
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
    UserFactory,
)

EDITOR, LEADER = "Biên tập viên", "Lãnh đạo phường"


def _url(model, action, *args):
    meta = model._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=args
    )


@pytest.fixture
def issuer(sections):
    body = IssuingBodyFactory(name="Ủy ban nhân dân phường Hải Châu")
    DirectivePageFactory(parent=sections["DirectiveIndexPage"], issuer=body)
    return body


@pytest.mark.django_db
def test_an_editor_cannot_rename_an_issuing_body_a_leader_can(client, issuer):
    client.force_login(UserFactory(group=EDITOR))
    response = client.post(
        _url(IssuingBody, "edit", issuer.pk),
        {"name": "Tên bị đổi lén", "short_name": "", "level": issuer.level},
    )
    assert response.status_code in (302, 403)
    issuer.refresh_from_db()
    assert issuer.name == "Ủy ban nhân dân phường Hải Châu"
    # Adding a new body for a new directive stays the editor's job.
    assert client.get(_url(IssuingBody, "add")).status_code == 200

    client.force_login(UserFactory(group=LEADER))
    response = client.get(_url(IssuingBody, "edit", issuer.pk))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Abbreviation, BroadcastSlot, Synonym])
def test_editors_only_view_what_changes_scripts_programme_and_search(
    client, sections, model
):
    editor = UserFactory(group=EDITOR)
    leader = UserFactory(group=LEADER)
    meta = model._meta
    assert editor.has_perm(f"{meta.app_label}.view_{meta.model_name}")
    for action in ("add", "change", "delete"):
        codename = f"{meta.app_label}.{action}_{meta.model_name}"
        assert not editor.has_perm(codename), codename
        assert leader.has_perm(codename), codename
    client.force_login(editor)
    assert client.get(_url(model, "list")).status_code == 200
    assert client.get(_url(model, "add")).status_code in (302, 403)


@pytest.mark.django_db
def test_an_editor_cannot_post_a_programme_slot(client, sections):
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])
    client.force_login(UserFactory(group=EDITOR))
    client.post(
        _url(BroadcastSlot, "add"),
        {"day": "2026-12-02", "time": "06:30", "page": notice.pk, "sort_order": 0},
    )
    assert not BroadcastSlot.objects.exists()
