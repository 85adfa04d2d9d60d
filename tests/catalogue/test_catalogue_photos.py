"""Product photos: uploaded with the story, served by /san-pham-ocop/<id>/anh/ while the product is
listed, and nothing else under MEDIA_ROOT (the dossiers' private files live there too)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ocop.certificates.effects import certificates_changed


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(out, format="PNG")
    return out.getvalue()


def _give_photo(product: Any, name: str = "anh.png", content: bytes | None = None) -> Any:
    from django.core.files.base import ContentFile

    from ocop.catalogue.services import profile_for

    profile = profile_for(product)
    profile.photo.save(name, ContentFile(content or _png()))
    return profile


def _photo(product: Any) -> Any:
    return Client().get(f"/san-pham-ocop/{product.pk}/anh/")


def test_the_photo_uploaded_with_the_story_is_served_on_the_product_page(
    products: Any, certify: Any, demo: dict[str, Any], media: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.catalogue.models import ProductProfile

    na = products["Na Chi Lăng"]
    certify(na)
    staff = Client()
    staff.force_login(demo["tinh"])
    png = _png()
    response = staff.post(
        f"/san-pham-ocop/{na.pk}/cau-chuyen/",
        {"story": "Na trồng trên núi đá.", "photo": SimpleUploadedFile("na.png", png, "image/png")},
    )
    assert response.status_code == 302
    profile = ProductProfile.objects.get(product=na)
    assert profile.photo.name.startswith("catalogue/products/")

    page = Client().get(f"/san-pham-ocop/{na.pk}/").content.decode()
    assert f'src="/san-pham-ocop/{na.pk}/anh/?v={int(profile.updated_at.timestamp())}"' in page
    assert "/media/" not in page

    response = _photo(na)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert Client().head(f"/san-pham-ocop/{na.pk}/anh/").status_code == 200
    assert Client().post(f"/san-pham-ocop/{na.pk}/anh/").status_code == 405


def test_a_jpeg_is_served_as_a_jpeg(products: Any, certify: Any, media: Path) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (0, 90, 0)).save(out, format="JPEG")
    na = products["Na Chi Lăng"]
    certify(na)
    _give_photo(na, "na.JPG", out.getvalue())
    response = _photo(na)
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")


def test_no_photo_while_the_product_is_not_listed(products: Any, certify: Any, media: Path) -> None:
    from ocop.catalogue.services import profile_for
    from ocop.certificates.models import Certificate

    na, hoi = products["Na Chi Lăng"], products["Hoa hồi khô Văn Quan"]
    certify(na)
    assert _photo(na).status_code == 404  # listed, no profile
    profile_for(na)
    assert _photo(na).status_code == 404  # listed, a profile without a photo
    assert "<img" not in Client().get(f"/san-pham-ocop/{na.pk}/").content.decode()

    profile = _give_photo(hoi)
    assert _photo(hoi).status_code == 404  # a photo, but no certificate
    certify(hoi, status="revoked")
    assert _photo(hoi).status_code == 404
    valid = certify(hoi)
    assert _photo(hoi).status_code == 200
    valid.status = Certificate.Status.REVOKED
    valid.save(update_fields=["status"])
    certificates_changed([hoi.pk])  # as decide_revocation does
    assert _photo(hoi).status_code == 404  # revoked: gone at once
    certify(hoi)
    Path(profile.photo.path).unlink()
    assert _photo(hoi).status_code == 404  # the file lost on disk: not found, not a server error
    assert Client().get("/san-pham-ocop/999999/anh/").status_code == 404


def test_a_dossier_file_cannot_be_reached_through_it(products: Any, certify: Any, media: Path) -> None:
    from ocop.catalogue.models import ProductProfile

    na = products["Na Chi Lăng"]
    certify(na)
    profile = _give_photo(na)
    # A private dossier upload beside it, an image too (dossiers accept scans).
    secret = media / "dossiers" / "7" / "a1b2.png"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(_png((0, 0, 255)))
    for name in ("dossiers/7/a1b2.png", "catalogue/products/../../dossiers/7/a1b2.png", str(secret)):
        ProductProfile.objects.filter(pk=profile.pk).update(photo=name)
        assert _photo(na).status_code == 404, name
    # Only a number fits the address, and MEDIA_URL is not served at all.
    assert Client().get(f"/san-pham-ocop/{na.pk}/anh/../../../media/dossiers/7/a1b2.png").status_code == 404
    assert Client().get("/media/dossiers/7/a1b2.png").status_code == 404
