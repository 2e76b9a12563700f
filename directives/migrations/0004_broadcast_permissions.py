"""Editors and ward leaders manage the loudspeaker programme and abbreviations."""

from django.db import migrations

GROUPS = ("Biên tập viên", "Lãnh đạo phường")
MODELS = ("abbreviation", "broadcastslot")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for model in MODELS:
        ct, _ = ContentType.objects.get_or_create(app_label="directives", model=model)
        perms = [
            Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )[0]
            for action in ACTIONS
        ]
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("directives", "0003_abbreviations_broadcast")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
