"""Every validation message of the site's own models (the ward's pages), on
the field the editor sees it under, in the exact Vietnamese the admin shows."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import OfficialContact, PublicDocumentPage


def test_a_contact_point_needs_a_way_to_be_reached():
    person = OfficialContact(
        name="Lê Văn Ba", position="Công chức", is_contact_point=True
    )
    with pytest.raises(ValidationError) as caught:
        person.clean()
    assert caught.value.message_dict == {
        "phone": ["Đầu mối liên hệ cần có số điện thoại hoặc thư điện tử."]
    }
    person.email = "ba@example.org"
    person.clean()


@pytest.mark.parametrize(
    "year, message",
    [
        # Django's own Vietnamese, stray space before the full stop included.
        (1944, "Năm phải từ 1945 đến 2100."),
        (2101, "Năm phải từ 1945 đến 2100."),
    ],
)
def test_a_public_document_year_is_between_1945_and_2100(db, year, message):
    # The field's own check, as the page's admin form runs it on "năm".
    field = PublicDocumentPage._meta.get_field("year")
    with pytest.raises(ValidationError) as caught:
        field.clean(year, PublicDocumentPage())
    assert caught.value.messages == [message]
    for bound in (1945, 2100):
        assert field.clean(bound, PublicDocumentPage()) == bound
