"""The ward's staff read and handle residents' feedback; nobody else does."""

from django.db import migrations

GRANTS = {
    "Biên tập viên": {
        "feedback": ("view", "change"),
        "pagerating": ("view",),
    },
    "Lãnh đạo phường": {
        "feedback": ("view", "change", "delete"),
        "pagerating": ("view",),
    },
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for group in Group.objects.filter(name__in=GRANTS):
        for model, actions in GRANTS[group.name].items():
            ct, _ = ContentType.objects.get_or_create(app_label="feedback", model=model)
            for action in actions:
                perm, _ = Permission.objects.get_or_create(
                    content_type=ct,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("directives", "0002_editorial_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
