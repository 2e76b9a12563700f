from wagtail import hooks
from wagtail.models import get_page_models

from . import editorial
from .models import WardPageMixin


@hooks.register("register_admin_viewset")
def ward_page_viewsets():
    """Every page type of the portal edits through the ward's workflow views."""
    return [
        editorial.WardPageViewSet(f"ward_{model._meta.model_name}", model=model)
        for model in get_page_models()
        if issubclass(model, WardPageMixin)
    ]


hooks.register("construct_page_action_menu", editorial.without_publish_during_review)
