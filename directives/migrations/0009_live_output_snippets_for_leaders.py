"""Snippets that change what residents already see are the leaders' to change.

Renaming an issuing body, or adding an abbreviation, a synonym or a slot in
the loudspeaker programme, changes live pages, posters, scripts, audio and
search at once, with no approval step in between (snippets have no
workflow here). So only "Lãnh đạo phường", who approve pages, may change
them; "Biên tập viên" keep viewing them and may still add a new issuing
body for a new directive (nothing live names it yet).
"""

from django.db import migrations

EDITORS = "Biên tập viên"
LEADERS = "Lãnh đạo phường"
ALL = ("add", "change", "delete", "view")
SNIPPETS = {
    # (app, model): actions editors keep
    ("directives", "issuingbody"): ("add", "view"),
    ("directives", "abbreviation"): ("view",),
    ("directives", "broadcastslot"): ("view",),
    ("portal_search", "synonym"): ("view",),
}


def _perm(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=ct,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )[0]


def limit(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors = Group.objects.filter(name=EDITORS).first()
    leaders = Group.objects.filter(name=LEADERS).first()
    for (app_label, model), kept in SNIPPETS.items():
        for action in ALL:
            perm = _perm(apps, app_label, model, action)
            if leaders is not None:
                leaders.permissions.add(perm)
            if editors is not None:
                if action in kept:
                    editors.permissions.add(perm)
                else:
                    editors.permissions.remove(perm)


def restore(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is None:
        return
    for (app_label, model), _kept in SNIPPETS.items():
        for action in ALL:
            if (model, action) == ("issuingbody", "delete"):
                continue  # editors never had it
            editors.permissions.add(_perm(apps, app_label, model, action))


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0008_rendition_record"),
        ("portal_search", "0003_outbox"),
    ]
    operations = [migrations.RunPython(limit, restore)]
