"""Editors and ward leaders keep the synonym table (Từ đồng nghĩa)."""

from django.db import migrations

GROUPS = ("Biên tập viên", "Lãnh đạo phường")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="portal_search", model="synonym")
    perms = [
        Permission.objects.get_or_create(
            content_type=ct,
            codename=f"{action}_synonym",
            defaults={"name": f"Can {action} synonym"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0001_initial"),
        ("directives", "0002_editorial_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
