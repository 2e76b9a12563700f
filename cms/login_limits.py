"""Login rate limiting for the admin: django-axes with the ward's two limits,
a Vietnamese lockout page and an unlock screen for the ward administrator.

Keys and limits are in `cms/settings/base.py` (AXES_*): 5 wrong passwords for
one user name from one address lock that pair, 30 from anywhere lock the
account; either lifts by itself after AXES_COOLOFF_TIME, or at once through
Cài đặt → Khóa đăng nhập (`LoginLocksView`) or
`manage.py axes_reset_username NAME` (`axes_reset` lifts every lock).
Failures live in the database (axes' AccessAttempt), shared by all workers.
"""

import ipaddress
import math
from dataclasses import dataclass, field
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


def key_limit(parameter) -> int:
    """The failures one lockout key allows: a user name alone (from any
    address) gets LOGIN_ACCOUNT_FAILURE_LIMIT, a user name with its address
    AXES_FAILURE_LIMIT."""
    if parameter == "username":
        return settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


def forwarded_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE behind the TLS proxy production runs behind:
    the address that proxy saw, which it appends last to X-Forwarded-For
    (anything a client sends itself comes before it). Without the header, or
    with garbage in it, the connection's own address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


class WardAxesBackend(AxesStandaloneBackend):
    """Axes' gate before ModelBackend, for logins over the web. Code that
    authenticates without a request (the test client's `login()`, a shell)
    is not at the login page; axes itself would raise a ValueError there."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class WardLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per lockout key (`key_limit`).

    Axes compares a single count, the largest over AXES_LOCKOUT_PARAMETERS,
    with AXES_FAILURE_LIMIT. Each key's count is therefore scaled to that
    limit: it reaches AXES_FAILURE_LIMIT exactly when it reaches its own.
    """

    def key_states(self, request, credentials=None):
        """(parameter, failures, last failure) per lockout key, within the
        cool-off."""
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            totals = attempts.aggregate(
                failures=Sum("failures_since_start"), last=Max("attempt_time")
            )
            yield parameter, totals["failures"] or 0, totals["last"]

    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        return max(
            (
                failures * limit // key_limit(parameter)
                for parameter, failures, _last in self.key_states(request, credentials)
            ),
            default=0,
        )

    def lifts_at(self, request, credentials=None) -> datetime | None:
        """When the lockout of this request lifts by itself (None: not locked):
        the cool-off after the last failure of every key over its limit."""
        ends = [
            last + get_cool_off(request)
            for parameter, failures, last in self.key_states(request, credentials)
            if failures >= key_limit(parameter)
        ]
        return max(ends, default=None)


def minutes_until(moment: datetime | None) -> int:
    if moment is None:
        return 0
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page's look, a 429 and what to do."""
    handler = AxesProxyHandler.get_implementation()
    minutes = minutes_until(handler.lifts_at(request, credentials))
    return render(
        request,
        "cms/admin/login_locked.html",
        {"minutes": minutes or int(get_cool_off(request).total_seconds() // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@dataclass
class Lock:
    """A user name that cannot log in now: from `addresses`, or from
    anywhere (`account`)."""

    username: str
    failures: int
    lifts_at: datetime
    account: bool = False
    addresses: list[str] = field(default_factory=list)

    @property
    def minutes_left(self) -> int:
        return minutes_until(self.lifts_at)


def current_locks() -> list[Lock]:
    """Every user name locked out now, most recent failure first."""
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(
            attempt_time__gte=timezone.now() - cool_off, username__isnull=False
        )
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    by_user: dict[str, list[dict]] = {}
    for row in rows:
        by_user.setdefault(row["username"], []).append(row)
    locks = []
    for username, pairs in by_user.items():
        total = sum(row["failures"] for row in pairs)
        locked_pairs = [
            row for row in pairs if row["failures"] >= settings.AXES_FAILURE_LIMIT
        ]
        account = total >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        if not (account or locked_pairs):
            continue
        counted = pairs if account else locked_pairs
        locks.append(
            Lock(
                username=username,
                failures=total,
                lifts_at=max(row["last"] for row in counted) + cool_off,
                account=account,
                addresses=sorted(str(row["ip_address"]) for row in locked_pairs),
            )
        )
    return sorted(locks, key=lambda lock: lock.lifts_at, reverse=True)


def unlock(username: str) -> int:
    """Forget every failure of `username` (axes' own reset): the account and
    every address can log in again. Returns the records removed."""
    return reset(username=username)


def is_ward_administrator(user) -> bool:
    return user.is_active and user.is_superuser


@method_decorator(user_passes_test(is_ward_administrator), name="dispatch")
class LoginLocksView(WagtailAdminTemplateMixin, TemplateView):
    """Cài đặt → Khóa đăng nhập: who is locked out, and a button to let them
    back in (superusers only; the unlock is a CSRF-protected POST)."""

    template_name = "cms/admin/login_locks.html"
    page_title = gettext_lazy("Khóa đăng nhập")
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": None, "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locks"] = current_locks()
        context["pair_limit"] = settings.AXES_FAILURE_LIMIT
        context["account_limit"] = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        context["cool_off_minutes"] = int(get_cool_off().total_seconds() // 60)
        return context

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if username and unlock(username):
            messages.success(
                request,
                _("Đã mở khóa đăng nhập cho “%(username)s”.") % {"username": username},
            )
        else:
            messages.warning(
                request,
                _("“%(username)s” không bị khóa.") % {"username": username},
            )
        return redirect("ward_login_locks")


class LoginLocksMenuItem(MenuItem):
    def is_shown(self, request):
        return is_ward_administrator(request.user)


def login_locks_menu_item():
    return LoginLocksMenuItem(
        gettext_lazy("Khóa đăng nhập"),
        reverse("ward_login_locks"),
        name="login-locks",
        icon_name="lock",
        order=650,
    )
