"""The demo's logins, made once each (demo only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def create_users(specs) -> None:
    """(username, password, group or None for a superuser, (first, last))."""
    User = get_user_model()
    for username, password, group, (first, last) in specs:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username,
            email=f"{username}@example.org",
            password=password,
            first_name=first,
            last_name=last,
            is_staff=group is None,
            is_superuser=group is None,
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
