"""The signed-in user of a request, and a role check for pages used by a few roles only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    return user


def require_role(request: HttpRequest, roles: tuple[str, ...]) -> User:
    user = signed_in_user(request)
    if user.role not in roles:
        raise PermissionDenied("Vai trò của bạn không dùng trang này / Your role does not use this page")
    return user
