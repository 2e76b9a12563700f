"""The resident-facing directive filter (loại, cơ quan, năm, hiệu lực).

The form reads its choices from the directives it filters (their model's
fields), so the directive list can use it without a circular import."""

from django import forms
from django.core.cache import cache
from django.db.models.functions import ExtractYear
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .caching import VersionMemo, content_version

_CHOICES = VersionMemo(maxsize=64)


class QuickSelect(forms.Select):
    """Django's `<select>`, written in Python rather than through its
    templates (django/forms/widgets/select.html, select_option.html and
    attrs.html, once per option: some 80 options on the directive filters,
    a third of a filtered list's time). The same HTML, to the character:
    tests/directives/test_views.py compares the two."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        context = Context()
        parts = [
            format_html('<select name="{}"', render_value_in_context(name, context)),
            html_attrs(widget["attrs"], context),
            ">",
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        html_attrs(option["attrs"], context),
                        render_value_in_context(option["label"], context),
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def html_attrs(attrs: dict, context) -> str:
    """django/forms/widgets/attrs.html."""
    return mark_safe(
        "".join(
            format_html(" {}", name)
            if value is True
            else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class DirectiveFilterForm(forms.Form):
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, widget=QuickSelect
    )
    issuer = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=None,
        required=False,
        empty_label=_("Tất cả"),
        widget=QuickSelect,
    )
    year = forms.TypedChoiceField(
        label=_("Năm"), required=False, coerce=int, widget=QuickSelect
    )
    status = forms.ChoiceField(
        label=_("Hiệu lực"),
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, data=None, *, directives, cache_key: str | None = None):
        super().__init__(data)
        # Only offer values that lead somewhere on this site. Computing them
        # scans every directive, so they are cached per content version.
        if cache_key:
            key = f"directive-filters:{cache_key}:{content_version()}"
            choices = _CHOICES.get(
                cache_key,
                lambda: cache.get_or_set(
                    key, lambda: self.choices_for(directives), 3600
                ),
            )
        else:
            choices = self.choices_for(directives)
        types, issuer_ids, years = choices
        fields = directives.model._meta
        issuers = fields.get_field("issuer").related_model.objects
        statuses = fields.get_field("status").choices
        self.fields["status"].choices = [("", _("Tất cả"))] + list(statuses)
        self.fields["doc_type"].choices = [("", _("Tất cả"))] + [(t, t) for t in types]
        self.fields["issuer"].queryset = issuers.filter(pk__in=issuer_ids)
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, y) for y in years]

    @staticmethod
    def choices_for(directives) -> tuple[list[str], list[int], list[int]]:
        plain = directives.order_by()
        types = set(plain.values_list("doc_type", flat=True).distinct())
        issuers = set(plain.values_list("issuer_id", flat=True).distinct())
        years = set(
            plain.annotate(y=ExtractYear("signed_on"))
            .values_list("y", flat=True)
            .distinct()
        )
        return sorted(types), sorted(issuers), sorted(years, reverse=True)

    def filter(self, queryset):
        """Apply the valid filters; an invalid value is reported and ignored.
        `applied` says which, with their values (the key of the list's
        count)."""
        self.applied: tuple = ()
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        lookups = {
            "doc_type": "doc_type",
            "issuer": "issuer",
            "year": "signed_on__year",
            "status": "status",
        }
        for name, lookup in lookups.items():
            value = data.get(name)
            if value:
                queryset = queryset.filter(**{lookup: value})
                self.applied += ((name, getattr(value, "pk", value)),)
        return queryset

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(f) for f in self.fields)
