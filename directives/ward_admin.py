"""The ward's own lists in the admin (tổ dân phố, cụm loa, nơi niêm yết, the
programme, the logs, radio keys): each user lists, opens, chooses and fills
in only the rows of the wards they work in (`cms.wards.user_sites`).

Another ward's row is "not found" (404) on every screen of its own: edit,
delete, copy, history, usage, inspect, and the snippet chooser. In a form the
ward is chosen from the user's wards, and hidden (set for them) when they
work in one; related rows offered are those of their wards, and the model's
`clean` refuses a zone, place, tổ dân phố or page of another ward.
"""

from django import forms
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.models import Site
from wagtail.snippets.views import chooser, snippets

from cms.wards import user_sites
from directives.models.dissemination import WardOwned, ward_name


def ward_field(model) -> str:
    """The lookup from `model` to its ward's Site ("site", "place__site")."""
    return getattr(model, "ward_field", "site")


def is_ward_owned(model) -> bool:
    return issubclass(model, WardOwned) or hasattr(model, "ward_field")


def site_ids(user) -> list[int]:
    return [site.pk for site in user_sites(user)]


def of_user(queryset, user):
    """The rows of `queryset` that belong to one of `user`'s wards."""
    return queryset.filter(**{f"{ward_field(queryset.model)}__in": site_ids(user)})


def site_of(instance) -> int | None:
    """The pk of the ward `instance` belongs to."""
    owner = instance
    *path, last = ward_field(type(instance)).split("__")
    for name in path:
        owner = getattr(owner, name, None)
    return getattr(owner, f"{last}_id", None)


class WardOwnedForm(WagtailAdminModelForm):
    """Offers only the user's wards and their rows; with one ward, the ward
    field is hidden and always that ward."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = user_sites(self.for_user) if self.for_user else []
        self.wards = sites
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_ward_owned(queryset.model):
                field.queryset = of_user(queryset, self.for_user)
        field = self.fields.get("site")
        if field is None:
            return
        field.queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
        field.empty_label = None
        field.label_from_instance = ward_name
        if self.instance.site_id not in [s.pk for s in sites] and sites:
            self.initial["site"] = sites[0].pk
        if len(sites) == 1:
            field.widget = forms.HiddenInput()
            field.required = False
            field.disabled = True  # always that ward, whatever is posted
            self.initial["site"] = sites[0].pk

    def clean_site(self):
        if len(self.wards) == 1:
            return self.wards[0]
        return self.cleaned_data.get("site")

    def clean(self):
        data = super().clean()
        site = data.get("site")
        if site is None:
            return data
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelMultipleChoiceField):
                continue
            if not is_ward_owned(field.queryset.model):
                continue
            others = [row for row in data.get(name) or [] if site_of(row) != site.pk]
            if others:
                self.add_error(
                    name,
                    _("“%(name)s” thuộc phường khác: chỉ chọn được của %(ward)s.")
                    % {"name": others[0], "ward": ward_name(site)},
                )
        return data


def refuse_other_wards(request, objects) -> None:
    """404 when a bulk action names a row of another ward."""
    mine = set(site_ids(request.user))
    for instance in objects:
        if is_ward_owned(type(instance)) and site_of(instance) not in mine:
            raise Http404


class WardRowMixin:
    """A row of another ward is not found."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if site_of(instance) not in site_ids(self.request.user):
            raise Http404
        return instance


class IndexView(snippets.IndexView):
    @cached_property
    def filters(self):
        """The list's filters offer only the user's wards' zones and places."""
        if not self.filterset_class:
            return None
        filterset = self.filterset_class(**self.get_filterset_kwargs())
        for name in filterset.filters:
            queryset = getattr(filterset.filters[name], "queryset", None)
            if hasattr(queryset, "model") and is_ward_owned(queryset.model):
                filterset.filters[name].queryset = of_user(queryset, self.request.user)
        return filterset if filterset.form.fields else None


class EditView(WardRowMixin, snippets.EditView):
    pass


class DeleteView(WardRowMixin, snippets.DeleteView):
    pass


class CopyView(WardRowMixin, snippets.CopyView):
    pass


class UsageView(WardRowMixin, snippets.UsageView):
    pass


class HistoryView(WardRowMixin, snippets.HistoryView):
    pass


class InspectView(WardRowMixin, snippets.InspectView):
    pass


class ChooseView(chooser.ChooseView):
    def get_object_list(self):
        return of_user(super().get_object_list(), self.request.user)


class ChooseResultsView(chooser.ChooseResultsView):
    def get_object_list(self):
        return of_user(super().get_object_list(), self.request.user)


class ChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return of_user(self.model_class.objects.all(), self.request.user).get(pk=pk)


class ChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView


class WardOwnedViewSet(snippets.SnippetViewSet):
    """A snippet that belongs to one ward: listed, opened and chosen only by
    that ward's staff (and superusers)."""

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView
    chooser_viewset_class = ChooserViewSet

    def get_queryset(self, request):
        return of_user(self.model._default_manager.all(), request.user)

    def get_edit_handler(self):
        return ObjectList(
            self.model.panels, base_form_class=WardOwnedForm
        ).bind_to_model(self.model)
