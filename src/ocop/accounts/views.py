"""Signing in (password, then the second factor), and one's own account: password, two-factor, codes.

The only places that start a session: `sign_in` for an account without a second factor, and
`second_factor` / `enrol` once the second factor is shown. Between the password and the code the
session holds only who is half-way (PENDING), for PENDING_SECONDS; Django's login() then gives the
browser a new session key. The admin site's own login page sends here (ocop.web.urls).
"""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as reset_lockout
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from ocop.documents import qr_svg

from . import two_factor
from .access import signed_in_user
from .forms import CodeForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm
from .models import User
from .throttle import bounded, lockout_response

PENDING = "ocop_2fa_pending"
PENDING_SECONDS = 300


def _next(request: HttpRequest, value: str | None = None) -> str:
    target = value if value is not None else request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("workspace")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _finish(request: HttpRequest, user: User, backend: str, device: Any | None) -> None:
    """The second factor is shown (or not needed): the session starts, on a new key."""
    request.session.pop(PENDING, None)
    login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@bounded
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        assert isinstance(user, User)
        if two_factor.has_second_factor(user) or two_factor.required_for(user):
            request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,  # type: ignore[attr-defined]  # set by authenticate()
                "at": time.time(),
                "next": _next(request),
            }
            return redirect("second_factor" if two_factor.has_second_factor(user) else "enrol")
        login(request, user)
        return redirect(_next(request))
    return render(request, "accounts/sign_in.html", context)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@bounded
def second_factor(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Vui lòng đăng nhập lại."))
        return redirect("login")
    credentials = {"username": user.username}
    request.ocop_username = user.username  # type: ignore[attr-defined]  # read by throttle.cool_off
    form = CodeForm(request.POST if request.method == "POST" else None)
    wait = 0
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request)
        if form.is_valid():
            device, recovery = two_factor.verify(user, form.cleaned_data["code"])
            if device is not None:
                _finish(request, user, pending["backend"], device)
                if recovery:
                    left = two_factor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        _("Bạn vừa dùng một mã dự phòng; còn %(left)s mã. Hãy tạo bộ mã mới nếu sắp hết.")
                        % {"left": left},
                    )
                return redirect(_next(request, pending.get("next", "")))
            # Counted with the password failures: the same lock, the same growing cool-off.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            wait = two_factor.throttled_for(user)
            form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/second_factor.html", {"form": form, "wait": wait}, status=200)


def _enrolling_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    if request.user.is_authenticated:
        return signed_in_user(request), {}
    return _pending_user(request)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: signed in (offered to all), or half-way through signing in for a
    role that requires it. A user who already has one must be signed in with it to replace it."""
    user, pending = _enrolling_user(request)
    if user is None:
        return redirect("login")
    if pending and two_factor.has_second_factor(user):
        return redirect("second_factor")
    if request.user.is_authenticated and two_factor.has_second_factor(user) and not _verified(request):
        messages.error(request, _("Hãy đăng nhập lại bằng mã xác thực trước khi đổi ứng dụng."))
        return redirect("account")
    device = two_factor.pending_app_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_app(user, device, form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            if pending:
                _finish(request, user, pending["backend"], device)
            else:
                otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": True})
        form.add_error("code", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới."))
    context = {
        "form": form,
        "secret": two_factor.secret_text(device),
        "qr": qr_svg(device.config_url),
        "required": two_factor.required_for(user),
        "pending": bool(pending),
    }
    return render(request, "accounts/enrol.html", context)


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


@login_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "has_app": two_factor.has_second_factor(user),
        "required": two_factor.required_for(user),
        "verified": _verified(request),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not (two_factor.has_second_factor(user) and _verified(request)):
        messages.error(request, _("Hãy đăng nhập bằng mã xác thực trước khi tạo mã dự phòng."))
        return redirect("account")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": two_factor.new_recovery_codes(user), "first": False},
    )


@login_required
@require_POST
@sensitive_post_parameters("code")
def turn_off(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if two_factor.required_for(user):
        messages.error(request, _("Vai trò của bạn bắt buộc xác thực hai bước."))
        return redirect("account")
    device, _recovery = two_factor.verify(user, request.POST.get("code", ""))
    if device is None:
        messages.error(request, _("Mã xác thực không đúng; xác thực hai bước vẫn bật."))
        return redirect("account")
    two_factor.turn_off(user)
    messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("account")


class PasswordChange(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session, ends the user's other sessions
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


class PasswordReset(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        reset_lockout(username=form.user.get_username())  # a new password lifts the lock on the account
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through `sign_in` (password, then the second factor), never its own form."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")
