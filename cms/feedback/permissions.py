"""Who may read residents' messages: one question, asked of Wagtail's
permission policy for the model (the same one the admin views check)."""

from wagtail.permissions import policy_registry

from cms.wards import user_sites

from .models import Feedback

READ = ["view", "change"]


def may(user, model, actions) -> bool:
    return policy_registry.get_by_type(model).user_has_any_permission(user, actions)


def may_read_feedback(user) -> bool:
    return may(user, Feedback, READ)


def feedback_of(user):
    """The messages sent to the wards `user` works in."""
    return Feedback.objects.of_sites(user_sites(user))
