"""Security headers on every response: a Content-Security-Policy (django-csp),
with its own policy for the Wagtail admin, and a Permissions-Policy
(django-permissions-policy). The policies themselves are in
`cms/settings/base.py`."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIX = "/admin/"
# Where no one is signed in yet: the portal's strict policy.
STRICT_ADMIN_PREFIXES = ("/admin/login/", "/admin/password_reset/")


class WardCSPMiddleware(CSPMiddleware):
    """django-csp, with ADMIN_CONTENT_SECURITY_POLICY under /admin/ (but not
    on its login page): the admin's editor needs what no page of the portal
    may do. A view's own policy (a decorator, or a header it sets) still wins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIX)
            and not request.path_info.startswith(STRICT_ADMIN_PREFIXES)
        ):
            parts.config = default_config(
                settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts
