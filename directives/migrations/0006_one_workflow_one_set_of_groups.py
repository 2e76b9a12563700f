"""One workflow and one set of groups, in Vietnamese.

Wagtail's first migrations create the groups "Editors" and "Moderators", a
"Moderators approval" task and workflow. The ward works with "Biên tập viên",
"Lãnh đạo phường" and "Phê duyệt của lãnh đạo phường" (0002). Members of the
English groups move to their Vietnamese twins first, so nobody loses access;
with the permissions granted to the English groups; then those groups go.
Wagtail's task and workflow go too, unless pages went through them: then they
are switched off and unassigned, reviews still open under them are cancelled
(as Wagtail's own deactivation does), and the history stays.
"""

from django.conf import settings
from django.db import migrations

TWINS = {"Editors": "Biên tập viên", "Moderators": "Lãnh đạo phường"}
WAGTAIL_TASK = "Moderators approval"


def merge_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    Task = apps.get_model("wagtailcore.Task")
    TaskState = apps.get_model("wagtailcore.TaskState")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    for english, vietnamese in TWINS.items():
        old = Group.objects.filter(name=english).first()
        if old is None:
            continue
        new, _ = Group.objects.get_or_create(name=vietnamese)
        for user in User.objects.filter(groups=old):
            user.groups.add(new)
        # Whatever an administrator granted the old group, the twin keeps.
        new.permissions.add(*old.permissions.all())
        for row in GroupPagePermission.objects.filter(group=old):
            GroupPagePermission.objects.get_or_create(
                group=new, page_id=row.page_id, permission_id=row.permission_id
            )
        for row in GroupCollectionPermission.objects.filter(group=old):
            GroupCollectionPermission.objects.get_or_create(
                group=new,
                collection_id=row.collection_id,
                permission_id=row.permission_id,
            )
        old.delete()

    for workflow in Workflow.objects.filter(name=WAGTAIL_TASK):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        states = WorkflowState.objects.filter(workflow=workflow)
        if states.exists():
            # As Workflow.deactivate(): pages in review under it are released
            # (their editors submit again, to the ward's workflow).
            TaskState.objects.filter(
                workflow_state__in=states, status="in_progress"
            ).update(status="cancelled")
            states.filter(status="in_progress").update(status="cancelled")
            workflow.active = False
            workflow.save(update_fields=["active"])
        else:
            workflow.delete()
    for task in Task.objects.filter(name=WAGTAIL_TASK):
        if TaskState.objects.filter(task=task).exists():
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0005_list_indexes"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(merge_groups, migrations.RunPython.noop)]
