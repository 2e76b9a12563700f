"""factory_boy factories for the portal's models.

Page factories need a parent:
`DirectivePageFactory(parent=sections["DirectiveIndexPage"])`.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from directives.blocks import paragraphs_to_stream
from directives.models import (
    ArticlePage,
    CampaignPage,
    DirectivePage,
    IssuingBody,
    NoticePage,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass")

    @factory.post_generation
    def group(self, create, name, **kwargs):
        if name:
            self.groups.add(Group.objects.get(name=name))


class IssuingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingBody
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân quận số {n}")
    level = "district"


class PageFactory(factory.Factory):
    """Adds the page under `parent` and publishes it (unless live=False)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Trang thử nghiệm số {n}")
    body = factory.LazyFunction(
        lambda: paragraphs_to_stream("Đoạn thứ nhất.\n\nĐoạn thứ hai.")
    )

    @classmethod
    def _create(cls, model_class, parent, live=True, **kwargs):
        directives = kwargs.pop("directives", [])
        page = model_class(**kwargs)
        if directives:
            page.directives = directives
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        return page


class DirectivePageFactory(PageFactory):
    class Meta:
        model = DirectivePage

    doc_type = "Chỉ thị"
    number = factory.Sequence(lambda n: f"{n + 100}/CT-UBND")
    issuer = factory.SubFactory(IssuingBodyFactory)
    signed_on = datetime.date(2024, 3, 15)
    summary = "Tóm tắt để người dân dễ hiểu."


class NoticePageFactory(PageFactory):
    class Meta:
        model = NoticePage

    published_on = datetime.date(2026, 11, 1)
    valid_until = None


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage

    published_on = datetime.date(2026, 11, 1)


class CampaignPageFactory(PageFactory):
    class Meta:
        model = CampaignPage

    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 6, 30)
