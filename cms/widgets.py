"""Admin widgets shared by the portal's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search import analysis


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes with a filter box above them: the editor types part of a
    number or a title, in any spelling ("29 ct tu", "chi thi 29", "tong ve
    sinh"), and only the matching choices (and those already ticked) stay.

    Each choice carries its label folded and without punctuation
    (`data-search`); the script folds what is typed the same way and keeps a
    choice when every typed word is part of it.
    """

    template_name = "cms/widgets/filterable_checkboxes.html"
    filter_label = _("Lọc theo số, ký hiệu hoặc tiêu đề")

    class Media:
        js = ["js/filterable-choices.js"]

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        option["attrs"]["data-search"] = search_key(str(label))
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        return context


def search_key(label: str) -> str:
    """“Chỉ thị 29-CT/TU — Về …” → “chithi29cttuve…”: folded, letters and
    digits only, so that a typed word matches across spaces and separators."""
    return "".join(ch for ch in analysis.fold(label) if ch.isalnum())
