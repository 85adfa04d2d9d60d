"""The password check of a sign-in, bounded in how many run at once (ocop.accounts.throttle)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from .throttle import hashing


class BoundedModelBackend(ModelBackend):
    """Django's ModelBackend, hashing only in a free slot; raises LoginBusy when none frees up in time.

    It comes after axes' backend, which has already refused a locked-out account or address.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        with hashing():
            return super().authenticate(request, username=username, password=password, **kwargs)
