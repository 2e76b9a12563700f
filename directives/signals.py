"""What the documents' app does when content changes: the content version
(`caching`) moves on at every publish, unpublish, page deletion and change
of an issuing body. Imported once, by `DirectivesConfig.ready()`."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .caching import bump_content_version
from .models import IssuingBody

page_published.connect(bump_content_version, dispatch_uid="bump-on-publish")
page_unpublished.connect(bump_content_version, dispatch_uid="bump-on-unpublish")
post_delete.connect(bump_content_version, sender=Page, dispatch_uid="bump-on-del")
post_save.connect(
    bump_content_version, sender=IssuingBody, dispatch_uid="bump-on-issuer"
)
