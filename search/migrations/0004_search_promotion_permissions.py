"""Editors and ward leaders pin the best answers to residents' searches
(Kết quả tìm kiếm được đề xuất, wagtail.contrib.search_promotions)."""

from django.db import migrations

GROUPS = ("Biên tập viên", "Lãnh đạo phường")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailsearchpromotions", model="searchpromotion"
    )
    perms = [
        Permission.objects.get_or_create(
            content_type=ct,
            codename=f"{action}_searchpromotion",
            defaults={"name": f"Can {action} search promotion"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0003_outbox"),
        ("directives", "0002_editorial_groups"),
        ("wagtailsearchpromotions", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
