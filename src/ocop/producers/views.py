"""The producer portal: sign-up, the producer's products and dossiers, product registration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ocop.accounts.models import Role
from ocop.accounts.throttle import bounded
from ocop.dossiers.models import Dossier
from ocop.dossiers.services import has_open_dossier
from ocop.errors import StepRefused

from .forms import ProductForm, SignUpForm
from .selectors import products_for
from .services import register_product, rulebook_in_force, sign_up_producer


def _producer_only(request: HttpRequest) -> None:
    if getattr(request.user, "role", "") != Role.PRODUCER or not request.user.producer_id:  # type: ignore[union-attr]
        raise PermissionDenied("Trang dành cho chủ thể / producers only")


@login_required
def producer_home(request: HttpRequest) -> HttpResponse:
    _producer_only(request)
    dossiers = Dossier.objects.prefetch_related("completion_requests").order_by("-created_at")
    products = (
        products_for(request.user)
        .prefetch_related(Prefetch("dossiers", queryset=dossiers), "certificates")
        .order_by("name")
    )
    return render(
        request,
        "producers/home.html",
        {
            "producer": request.user.producer,  # type: ignore[union-attr]
            "products": [(p, not has_open_dossier(p)) for p in products],
        },
    )


@bounded  # hashes a password: at most a few at once (issue 11)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password1")
        data.pop("password2")
        try:
            producer, user = sign_up_producer(
                username=data.pop("username"),
                password=password,
                email=data.pop("email"),
                commune=data.pop("commune"),
                **data,
            )
        except StepRefused as e:
            form.add_error(None, f"{e.vi} / {e.en}")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Đã đăng ký chủ thể {producer.name}. / Producer registered.")
            return redirect("producer_home")
    status = 400 if request.method == "POST" else 200
    return render(request, "producers/signup.html", {"form": form}, status=status)


@login_required
def product_create(request: HttpRequest) -> HttpResponse:
    _producer_only(request)
    rulebook = rulebook_in_force()
    form = ProductForm(rulebook, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = register_product(
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["name"],
                form.cleaned_data["scorecard_number"],
                form.cleaned_data["description"],
            )
        except StepRefused as e:
            form.add_error(None, f"{e.vi} / {e.en}")
        else:
            messages.success(request, f"Đã đăng ký sản phẩm {product.name}. / Product registered.")
            return redirect("producer_home")
    status = 400 if request.method == "POST" else 200
    return render(request, "producers/product_form.html", {"form": form, "rulebook": rulebook}, status=status)
