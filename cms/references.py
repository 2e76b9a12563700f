"""Wagtail's reference index (what links to what, shown as "usage" in the
admin) of many pages at once: an import's pages, by the worker after the
import commits, as Wagtail itself keeps it up to date from a task.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import ReferenceIndex


def index_references(model, pages) -> None:
    """`ReferenceIndex.create_or_update_for_object` for each page, with one
    insert for the pages that have no row yet (what that method does for
    them: every reference found is new, none to delete)."""
    content_types = [
        ContentType.objects.get_for_model(m, for_concrete_model=False)
        for m in [model, *model._meta.get_parent_list()]
    ]
    indexed = set(
        ReferenceIndex.objects.filter(
            base_content_type=content_types[-1],
            object_id__in=[str(page.pk) for page in pages],
        ).values_list("object_id", flat=True)
    )
    rows = []
    for page in pages:
        if str(page.pk) in indexed:
            ReferenceIndex.create_or_update_for_object(page)
            continue
        rows += [
            ReferenceIndex(
                content_type=content_types[0],
                base_content_type=content_types[-1],
                object_id=page.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        ]
    ReferenceIndex.objects.bulk_create(
        rows, ignore_conflicts=connection.features.supports_ignore_conflicts
    )
