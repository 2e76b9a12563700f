"""Control characters never reach the database.

Word pastes a vertical tab for a line break inside a paragraph, and a JSON
file can carry a NUL: PostgreSQL refuses NUL and XML 1.0 (the feeds) refuses
both. So every text of the portal's own models -- pages, their inline rows,
snippets, settings -- goes through `analysis.clean_controls`, the rule search
queries follow too: just before any save (`pre_save`, connected in
`CmsConfig.ready`), and for pages also when Wagtail validates them
(`WardPageMixin.full_clean`), so that the revision a draft is saved as is
clean as well.
"""

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save
from wagtail.fields import StreamField

from search import analysis

# The apps whose models hold the portal's texts (search's label is its own).
APPS = ("cms", "directives", "portal_search")


def clean_instance(instance, fields=None) -> None:
    """Clean, in place, every text, rich text and StreamField string of
    `instance` (only `fields` when given). Deferred fields are left alone:
    they were clean when stored, and reading them would cost a query each."""
    deferred = instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if field.attname in deferred or (fields and field.name not in fields):
            continue
        if isinstance(field, StreamField):
            stream = getattr(instance, field.attname)
            raw = field.get_prep_value(stream)
            cleaned = _clean_json(raw)
            if cleaned is not raw:
                setattr(instance, field.attname, cleaned)
        elif isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, analysis.clean_controls(value))


def _clean_json(value):
    """`value` (a StreamField's JSON) with every string cleaned; the same
    object when nothing changed, so that clean streams are not rebuilt."""
    if isinstance(value, str):
        return analysis.clean_controls(value)
    if isinstance(value, list):
        items = [_clean_json(item) for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value
    if isinstance(value, dict):
        items = {key: _clean_json(item) for key, item in value.items()}
        changed = any(items[key] is not value[key] for key in value)
        return items if changed else value
    return value


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:  # fixtures are loaded as they are
        clean_instance(instance, update_fields)


def connect_signals() -> None:
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            pre_save.connect(
                _before_save, sender=model, dispatch_uid=f"clean-text-{model._meta}"
            )
