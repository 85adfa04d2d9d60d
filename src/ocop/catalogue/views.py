"""The public OCOP catalogue and sales points; province staff edit sales points and stories.

Thin views: parse, call `services`, show `StepRefused` messages. Lookups for editing go through
`services.sales_points_for` / `story_products_for`, so another province's record is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ocop.areas.models import Commune, Province
from ocop.errors import StepRefused
from ocop.producers.models import Product
from ocop.web.params import Params, parse_integer

from . import entries, services
from .forms import SalesPointForm, StoryForm
from .models import ProductProfile, SalesPoint


def _verify_url(code: str) -> str:
    try:
        return reverse("verify", args=[code])
    except NoReverseMatch:
        return f"/xac-thuc/{code}/"


def _id(pk: int) -> int:
    """A product id from the address; one larger than any id column is not found (SQLite cannot
    even be asked about it)."""
    if parse_integer(pk) is None:
        raise Http404
    return pk


def catalogue(request: HttpRequest) -> HttpResponse:
    typed = Params(request.GET)
    query = services.CatalogueQuery(
        q=typed.search("q"),
        province=typed.integer("tinh", _("tỉnh")),
        star=typed.integer("sao", _("hạng sao"), minimum=1, maximum=5),
        group=typed.text("nhom", max_chars=8),
    )
    typed.warn(request)
    page = services.search_page(query, typed.page())
    params = request.GET.copy()
    params.pop("trang", None)
    labels = {g.code: capfirst(g.label) for g in services.product_groups()}
    provinces, groups = services.filter_choices()
    # What each row shows, prepared here: the list is the catalogue's hot path (issue 4's page time).
    rows = [
        {
            "url": reverse("catalogue_product", args=[e.product_id]),
            "name": e.name,
            "star": e.star,
            "stars": "★" * e.star,
            "meta": f"{e.producer_name} · {e.commune_name}, {e.province_name}",
            "group": labels.get(e.group_code, ""),
        }
        for e in page.rows
    ]
    return render(
        request,
        "catalogue/catalogue.html",
        {
            "query": query,
            "page": page,
            "rows": rows,
            "provinces": [(p.code, p.name, p.code == query.province) for p in provinces],
            "groups": [(g.code, f"{g.code}. {labels[g.code]}", g.code == query.group) for g in groups],
            "stars": [(s, s == query.star) for s in (3, 4, 5)],
            "querystring": params.urlencode(),
        },
    )


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        product, certificate = services.certified_product(_id(pk))
    except Product.DoesNotExist:
        raise Http404("Sản phẩm này không có giấy chứng nhận OCOP còn hiệu lực") from None
    profile = services.profile_of(product)
    return render(
        request,
        "catalogue/product.html",
        {
            "product": product,
            "profile": profile,
            "story": (profile.story if profile else "") or product.story,
            "certificate": certificate,
            "group": entries.group_label(certificate.rulebook_id, certificate.scorecard_number),
            "verify_url": _verify_url(certificate.code),
            "sales_points": services.sales_points_carrying(product),
            "can_edit": services.story_products_for(request.user).filter(pk=product.pk).exists(),
        },
    )


@require_safe
def product_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A listed product's photo, for everyone. Only this file: MEDIA_ROOT also holds private dossier
    uploads, so it is never served as a whole (services.listed_photo checks the stored name)."""
    try:
        photo, content_type = services.listed_photo(_id(pk))
        handle = photo.open("rb")
    except (ProductProfile.DoesNotExist, FileNotFoundError):
        raise Http404("Sản phẩm này không có ảnh công khai / no public photo") from None
    response = FileResponse(handle, content_type=content_type)
    # The product page links it with ?v=<last change>, so a new photo gets a new address.
    response["Cache-Control"] = "public, max-age=86400"
    return response


def salespoint_list(request: HttpRequest) -> HttpResponse:
    typed = Params(request.GET)
    province, commune = typed.integer("tinh", _("tỉnh")), typed.integer("xa", _("xã/phường"))
    q = typed.search("q")
    typed.warn(request)
    points = services.public_sales_points(province, commune, q)
    page = Paginator(points, services.PAGE_SIZE).get_page(typed.page())
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "catalogue/salespoints.html",
        {
            "page": page,
            "province": province,
            "commune": commune,
            "q": q,
            "provinces": Province.objects.filter(sales_points__active=True).distinct(),
            "communes": Commune.objects.filter(province__code=province, sales_points__active=True).distinct()
            if province
            else Commune.objects.none(),
            "can_edit": services.can_edit(request.user),
            "querystring": params.urlencode(),
        },
    )


def salespoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(SalesPoint.objects.select_related("province", "commune"), pk=pk, active=True)
    return render(
        request,
        "catalogue/salespoint.html",
        {
            "point": point,
            "rows": services.products_at(point),
            "can_edit": services.sales_points_for(request.user).filter(pk=point.pk).exists(),
        },
    )


def _editor(request: HttpRequest) -> None:
    if not services.can_edit(request.user):
        raise PermissionDenied("Chỉ cán bộ OCOP cấp tỉnh được sửa danh mục / provincial OCOP staff only")


@login_required
def salespoint_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _editor(request)
    user = request.user
    point = get_object_or_404(services.sales_points_for(user), pk=pk) if pk is not None else None
    choices = services.offerable_products(user)
    form = SalesPointForm(
        request.POST or None,
        instance=point or SalesPoint(province_id=user.province_id),  # type: ignore[union-attr]
        province_id=user.province_id,  # type: ignore[union-attr]
        product_choices=choices,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = services.save_sales_point(
                user, fields, list(form.cleaned_data["products"]), point, form.cleaned_data.get("version")
            )
        except StepRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Đã lưu điểm bán. / Sales point saved.")
            return redirect("salespoint", pk=saved.pk) if saved.active else redirect("salespoint_list")
    return render(request, "catalogue/salespoint_form.html", {"form": form, "point": point})


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    product = get_object_or_404(services.story_products_for(request.user), pk=pk)
    profile = services.profile_for(product)
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        initial={"story": profile.story or product.story, "version": profile.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_story(
                request.user,
                product,
                form.cleaned_data["story"],
                form.cleaned_data.get("photo"),
                form.cleaned_data.get("version"),
            )
        except StepRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Đã lưu câu chuyện sản phẩm. / Story saved.")
            if services.certified().filter(product=product).exists():
                return redirect("catalogue_product", pk=product.pk)
            return redirect("catalogue")
    return render(
        request, "catalogue/story_form.html", {"form": form, "product": product, "profile": profile}
    )
