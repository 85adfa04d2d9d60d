"""The API as a partner meets it, and who may call what: every operation of the schema against
no token, a token without the scope, a revoked, an expired and another province's token."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ocop.certificates.models import Certificate
from ocop.national.demo import DEMO_TOKENS
from ocop.national.models import PartnerToken, Scope
from ocop.national.tokens import create_token, revoke_token
from ocop.stamps.models import Stamp, StampBatch

# Every operation and the scope it needs (None: public). A new operation without a row fails.
OPERATIONS: dict[tuple[str, str], str | None] = {
    ("GET", "/api/v1/rulebooks"): None,
    ("GET", "/api/v1/rulebooks/{rulebook_id}"): None,
    ("GET", "/api/v1/rulebooks/{rulebook_id}/scorecards/{number}"): None,
    ("GET", "/api/v1/certificates/{code}/status"): None,
    ("GET", "/api/v1/stamps/{serial}"): None,
    ("GET", "/api/v1/catalogue"): None,
    ("GET", "/api/v1/producers"): Scope.REGISTER_READ,
    ("GET", "/api/v1/products"): Scope.REGISTER_READ,
    ("GET", "/api/v1/certificates"): Scope.REGISTER_READ,
    ("GET", "/api/v1/national-export"): Scope.REGISTER_READ,
    ("GET", "/api/v1/national-export.xlsx"): Scope.REGISTER_READ,
    ("GET", "/api/v1/dossiers"): Scope.DOSSIERS_READ,
    ("GET", "/api/v1/results"): Scope.DOSSIERS_READ,
    ("GET", "/api/v1/plans"): Scope.PROGRAMME_READ,
    ("GET", "/api/v1/report-figures"): Scope.PROGRAMME_READ,
    ("GET", "/api/v1/stamp-batches"): Scope.STAMPS_READ,
    ("GET", "/api/v1/stamp-batches/{batch_id}/stamps"): Scope.STAMPS_READ,
    ("GET", "/api/v1/stamps-flagged"): Scope.STAMPS_READ,
    ("POST", "/api/v1/stamp-batches"): Scope.STAMPS_WRITE,
}
LANG_SON_PRODUCT = "Na Chi Lăng"  # certified in the demo, with the demo's stamps


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def test_every_operation_has_its_row(world: dict[str, Any]) -> None:
    schema = _schema(Client())
    found = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert found == set(OPERATIONS)
    for (method, path), scope in OPERATIONS.items():
        secured = bool(schema["paths"][path][method.lower()].get("security"))
        assert secured == (scope is not None), path


def _call(client: Client, method: str, path: str, w: dict[str, Any], headers: dict[str, str], n: int) -> Any:
    url = path.format(**w["params"])
    if method == "POST":
        body = dict(w["stamp_request"], lot=f"API-{n}")
        return client.post(
            url, json.dumps(body, default=str), content_type="application/json", headers=headers
        )
    return client.get(url + w["queries"].get(path, ""), headers=headers)


def _params(world: dict[str, Any]) -> dict[str, Any]:
    certificate = Certificate.objects.filter(product__name=LANG_SON_PRODUCT, status="valid").first()
    batch = StampBatch.objects.get(product__name=LANG_SON_PRODUCT)
    today = timezone.localdate()
    return {
        "params": {
            "rulebook_id": "26-2026",
            "number": 1,
            "code": certificate.code,
            "serial": batch.stamps.first().serial,
            "batch_id": batch.pk,
        },
        "queries": {"/api/v1/report-figures": f"?year={today.year}"},
        "stamp_request": {
            "product_id": certificate.product_id,
            "quantity": 3,
            "produced_on": today - timedelta(days=1),
            "expires_on": today + timedelta(days=60),
        },
    }


def test_every_operation_against_every_kind_of_token(world: dict[str, Any]) -> None:
    cache.clear()
    w = _params(world)
    client = Client()
    staff = world["tinh"]

    def token(scopes: list[str]) -> str:
        return create_token(actor=staff, partner="Đối tác thử", kind="other", scopes=scopes).secret

    revoked = create_token(actor=staff, partner="Đối tác cũ", kind="other", scopes=list(Scope.values))
    revoke_token(actor=staff, token=revoked.token)
    expired = create_token(actor=staff, partner="Đối tác hết hạn", kind="other", scopes=list(Scope.values))
    PartnerToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    wrong = []
    n = 0
    for (method, path), scope in OPERATIONS.items():
        n += 1
        if scope is None:
            status = _call(client, method, path, w, {}, n).status_code
            if status != 200:
                wrong.append(f"{method} {path}: public, got {status}")
            continue
        checks = [
            ({}, 401, "no token"),
            (_bearer("ocop_not-a-real-token"), 401, "unknown token"),
            (_bearer(revoked.secret), 401, "revoked token"),
            (_bearer(expired.secret), 401, "expired token"),
            (_bearer(token([s for s in Scope.values if s != scope])), 403, "every other scope"),
            (_bearer(token([scope])), 201 if method == "POST" else 200, "its scope"),
        ]
        for headers, expected, label in checks:
            n += 1
            before = StampBatch.objects.count()
            status = _call(client, method, path, w, headers, n).status_code
            if status != expected:
                wrong.append(f"{method} {path}: {label} should get {expected}, got {status}")
            if expected != 201 and StampBatch.objects.count() != before:
                wrong.append(f"{method} {path}: {label} created a batch")
    assert not wrong, "\n".join(wrong)


def test_another_province_token_sees_nothing_of_lang_son(world: dict[str, Any]) -> None:
    w = _params(world)
    client = Client()
    other = _bearer(DEMO_TOKENS["tinh.caobang"])
    for path in (
        "/api/v1/producers",
        "/api/v1/products",
        "/api/v1/certificates",
        "/api/v1/national-export",
        "/api/v1/dossiers",
        "/api/v1/stamp-batches",
        "/api/v1/stamps-flagged",
        "/api/v1/plans",
    ):
        text = client.get(path, headers=other).content.decode()
        assert "Chi L\\u0103ng" not in text and "Chi Lăng" not in text, path
    assert (
        client.get(f"/api/v1/stamp-batches/{w['params']['batch_id']}/stamps", headers=other).status_code
        == 404
    )
    body = dict(w["stamp_request"], lot="X")
    response = client.post(
        "/api/v1/stamp-batches", json.dumps(body, default=str), content_type="application/json", headers=other
    )
    assert response.status_code == 404 and not StampBatch.objects.filter(lot="X").exists()


def test_a_partner_as_a_new_user_would(world: dict[str, Any]) -> None:
    """Done means (issue 14): read the schema, create nothing without a token, pull the province's
    certificates with one, download the national export, verify a stamp."""
    client = Client()
    schema = _schema(client)
    assert schema["openapi"].startswith("3.") and "/api/v1/certificates" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200
    w = _params(world)
    before = (StampBatch.objects.count(), Stamp.objects.count())
    body = dict(w["stamp_request"], lot="NO-TOKEN")
    refused = client.post(
        "/api/v1/stamp-batches", json.dumps(body, default=str), content_type="application/json"
    )
    assert refused.status_code == 401 and "Bearer" in refused.json()["detail"]
    assert (StampBatch.objects.count(), Stamp.objects.count()) == before
    token = _bearer(DEMO_TOKENS["tinh"])
    page = client.get("/api/v1/certificates?limit=200", headers=token).json()
    mine = Certificate.objects.filter(product__producer__commune__province__code=20)
    assert page["count"] == mine.count() and {c["number"] for c in page["items"]} == set(
        mine.values_list("number", flat=True)
    )
    assert all(c["product_code"] is None or c["product_code"].startswith("20-") for c in page["items"])
    export = client.get("/api/v1/national-export?limit=1000", headers=token).json()
    assert export["layout"] == "ocop-national/1" and export["count"] == mine.count()
    assert all(r["product_code"].startswith("20-") and r["province_code"] == "20" for r in export["items"])
    xlsx = client.get("/api/v1/national-export.xlsx", headers=token)
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + mine.count()
    since = client.get(
        f"/api/v1/national-export?since={timezone.localdate() + timedelta(days=1)}", headers=token
    )
    assert since.json()["count"] == 0  # nothing changed since tomorrow
    serial = w["params"]["serial"]
    stamp = client.get(f"/api/v1/stamps/{serial}").json()
    assert stamp["serial"] == serial and stamp["certificate"]["status"] == "valid"
    assert client.get("/api/v1/stamps/AAAAAAAAAA").status_code == 404


def test_the_flagged_demo_stamp_is_reported(world: dict[str, Any]) -> None:
    flagged = Client().get("/api/v1/stamps-flagged", headers=_bearer(DEMO_TOKENS["tinh"])).json()
    assert flagged["count"] == 1 and flagged["items"][0]["flag_reason"] == "scans"


def test_calls_are_rate_limited_per_token(world: dict[str, Any], settings: Any) -> None:
    cache.clear()
    settings.OCOP_API_RATE_PARTNER = "3/min"
    client = Client()
    token = _bearer(DEMO_TOKENS["tinh"])
    statuses = [client.get("/api/v1/products", headers=token).status_code for _ in range(4)]
    other = client.get("/api/v1/products", headers=_bearer(DEMO_TOKENS["tinh.caobang"])).status_code
    cache.clear()
    assert statuses == [200, 200, 200, 429] and other == 200


def test_bad_input_is_a_clear_4xx(world: dict[str, Any]) -> None:
    client = Client()
    token = _bearer(DEMO_TOKENS["tinh"])
    too_many = client.get("/api/v1/certificates?limit=100000", headers=token)
    assert too_many.status_code == 422 and too_many.json()["detail"] == "Tham số không hợp lệ"
    assert client.get("/api/v1/national-export?since=yesterday", headers=token).status_code == 422
    assert client.get("/api/v1/rulebooks/26-2026/scorecards/99").status_code == 404
    bad = client.post(
        "/api/v1/stamp-batches",
        json.dumps(dict(_params(world)["stamp_request"], lot="bad lot!"), default=str),
        content_type="application/json",
        headers=token,
    )
    assert bad.status_code == 400 and "Số lô" in bad.json()["detail"]
