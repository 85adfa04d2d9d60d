"""Product ideas through HTTP: the producer (or the commune, for a community product) registers, the
commune forwards, returns or does not select; every refusal says why and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from cycle_data import IDEA, messages, text
from ocop.audit.models import AuditEvent
from ocop.ideas.models import Idea, IdeaState, Review
from ocop.producers.models import Producer, Product

pytestmark = pytest.mark.django_db


def register(client: Client, **changes: Any) -> Any:
    return client.post("/y-tuong/dang-ky/", {**IDEA, **changes})


def review(client: Client, idea: Idea, decision: str, note: str = "", **extra: Any) -> Any:
    data = {"decision": decision, "note": note, "version": idea.version, **extra}
    return client.post(f"/y-tuong/{idea.pk}/xem-xet/", data, follow=True)


def test_a_producer_registers_an_idea_and_the_commune_forwards_it(
    as_user: Callable[[str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    producer, commune = as_user("chuthe.nachilang"), as_user("xa.chilang")
    assert "Đăng ký ý tưởng sản phẩm" in text(producer.get("/y-tuong/dang-ky/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = register(producer)
    idea = Idea.objects.get(name="Mứt na Chi Lăng")
    assert response.status_code == 302 and response["Location"] == f"/y-tuong/{idea.pk}/"
    assert (idea.state, idea.commune.name, idea.producer.name) == (
        IdeaState.REGISTERED,
        "Xã Chi Lăng",
        "Hợp tác xã Na Chi Lăng",
    )
    assert (idea.scorecard_number, idea.community, idea.kind_key) == (7, False, "7:mut na")
    assert [m.to for m in mail.outbox] == [["xa.chilang@demo.ocop.invalid"]]  # the commune is told

    page = text(commune.get(f"/y-tuong/{idea.pk}/"))
    assert "Ghi ý kiến của UBND xã" in page and "Mứt na dẻo" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = review(commune, idea, Review.Decision.FORWARD, "Sản phẩm có thế mạnh")
    assert "Đã ghi ý kiến: Chuyển tỉnh" in messages(response)
    idea.refresh_from_db()
    assert idea.state == IdeaState.FORWARDED and idea.reviewed_at is not None
    assert [(r.stage, r.decision, r.by.username) for r in idea.reviews.all()] == [
        ("idea", "forward", "xa.chilang")
    ]
    assert AuditEvent.objects.filter(subject=f"idea:{idea.pk}", action="idea.forward").exists()
    assert mail.outbox[-1].to == ["chuthe.nachilang@demo.ocop.invalid"]
    # The producer now writes its plan; the commune no longer reviews.
    page = text(producer.get(f"/y-tuong/{idea.pk}/"))
    assert "Lập phương án sản xuất kinh doanh" in page
    assert "Ghi ý kiến của UBND xã" not in text(commune.get(f"/y-tuong/{idea.pk}/"))


def test_an_idea_for_an_existing_product_takes_its_name_and_card(as_user: Callable[[str], Client]) -> None:
    product = Product.objects.get(name="Na sấy dẻo Chi Lăng")
    response = register(as_user("chuthe.nachilang"), product=product.pk, name="", scorecard_number="")
    assert response.status_code == 302
    idea = Idea.objects.get(product=product, year__gt=2025)
    assert (idea.name, idea.scorecard_number) == ("Na sấy dẻo Chi Lăng", 7)


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_created(as_user: Callable[[str], Client]) -> None:
    producer = as_user("chuthe.nachilang")
    before = Idea.objects.count()
    cases = [
        ({"description": ""}, "Vui lòng nhập thông tin này"),
        ({"name": ""}, "Cần nhập tên sản phẩm dự kiến"),
        ({"scorecard_number": "99"}, "Lựa chọn không hợp lệ"),
        ({"scorecard_number": "²"}, "Lựa chọn không hợp lệ"),
        ({"origin": "imported"}, "Lựa chọn không hợp lệ"),
        ({"name": "N" * 300}, "Dài quá giới hạn cho phép"),
        ({"description": "x" * 4001}, "Dài quá giới hạn cho phép"),
        # Another producer's product is not offered, and not taken.
        ({"product": str(Product.objects.get(name="Rượu Mẫu Sơn 29 độ").pk)}, "Lựa chọn không hợp lệ"),
    ]
    for changes, message in cases:
        response = register(producer, **changes)
        assert response.status_code == 400, changes
        assert message in text(response), (changes, text(response)[:500])
    assert Idea.objects.count() == before


def test_the_same_idea_twice_is_refused(as_user: Callable[[str], Client]) -> None:
    producer = as_user("chuthe.nachilang")
    assert register(producer).status_code == 302
    second = register(producer, name="MỨT NA  chi lăng")  # a second click, or the same typed again
    assert (
        second.status_code == 400
        and "đã được đăng ký" in text(second)
        and "không đăng ký lại" in text(second)
    )
    assert Idea.objects.filter(name__iexact="Mứt na Chi Lăng").count() == 1


def test_who_may_register_and_see(as_user: Callable[[str], Client]) -> None:
    for username in ("tinh", "lanhdao", "hoidong1", "trunguong"):
        assert as_user(username).get("/y-tuong/dang-ky/").status_code == 403, username
        assert register(as_user(username)).status_code == 403, username
    assert not Idea.objects.filter(year__gt=2025).exists()
    register(as_user("chuthe.nachilang"))
    idea = Idea.objects.get(name="Mứt na Chi Lăng")
    # Another commune, another province, another producer: not even found.
    for username in ("xa.vanquan", "xa.quanglam", "tinh.caobang", "chuthe.hoivanquan"):
        assert as_user(username).get(f"/y-tuong/{idea.pk}/").status_code == 404, username
        assert "Mứt na" not in text(as_user(username).get("/y-tuong/"))
    for username in ("tinh", "lanhdao", "xa.chilang", "chuthe.nachilang"):
        assert "Mứt na Chi Lăng" in text(as_user(username).get("/y-tuong/")), username


def test_the_commune_review_refuses_the_wrong_person_state_and_a_stale_page(
    as_user: Callable[[str], Client],
) -> None:
    producer, commune = as_user("chuthe.nachilang"), as_user("xa.chilang")
    register(producer)
    idea = Idea.objects.get(name="Mứt na Chi Lăng")
    opened = idea.version  # the commune opens the page…
    # …the producer corrects the idea meanwhile…
    data = {**IDEA, "description": "Mứt na dẻo, ít đường.", "version": idea.version}
    assert producer.post(f"/y-tuong/{idea.pk}/sua/", data).status_code == 302
    # …so the commune's decision, made on what it read, is refused with what changed.
    response = review(commune, idea, Review.Decision.FORWARD, version=opened)
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in messages(response) and "description" in messages(
        response
    )
    idea.refresh_from_db()
    assert idea.state == IdeaState.REGISTERED and not idea.reviews.exists()
    # Returning or not selecting needs the reasons.
    for decision in (Review.Decision.RETURN, Review.Decision.DECLINE):
        response = review(commune, idea, decision)
        assert "Cần nhập ý kiến của UBND xã" in messages(response)
    assert "Cần chọn ý kiến" in messages(review(commune, idea, "approve"))
    # The producer, the province, another commune may not decide.
    assert "Chỉ UBND xã nơi đăng ký" in messages(review(producer, idea, Review.Decision.FORWARD))
    assert "Chỉ UBND xã nơi đăng ký" in messages(review(as_user("tinh"), idea, Review.Decision.FORWARD))
    assert review(as_user("xa.vanquan"), idea, Review.Decision.FORWARD).status_code == 404
    idea.refresh_from_db()
    assert idea.state == IdeaState.REGISTERED and not idea.reviews.exists()
    # Forwarded once; the same decision sent again (a second click) changes nothing.
    review(commune, idea, Review.Decision.FORWARD)
    idea.refresh_from_db()
    response = review(commune, idea, Review.Decision.FORWARD)
    assert "Không thực hiện được khi ý tưởng đang ở bước «UBND xã đã chuyển tỉnh»" in messages(response)
    assert idea.reviews.count() == 1
    # A forwarded idea is no longer the producer's to change.
    assert producer.get(f"/y-tuong/{idea.pk}/sua/").status_code == 403
    response = producer.post(f"/y-tuong/{idea.pk}/sua/", {**IDEA, "version": idea.version})
    assert response.status_code == 400 and "Không thực hiện được khi ý tưởng đang ở bước" in text(response)


def test_a_returned_idea_goes_back_to_the_commune_when_completed(
    as_user: Callable[[str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    producer, commune = as_user("chuthe.nachilang"), as_user("xa.chilang")
    register(producer)
    idea = Idea.objects.get(name="Mứt na Chi Lăng")
    review(commune, idea, Review.Decision.RETURN, "Bổ sung vùng nguyên liệu.")
    idea.refresh_from_db()
    assert idea.state == IdeaState.RETURNED
    page = text(producer.get(f"/y-tuong/{idea.pk}/"))
    assert "Bổ sung và gửi lại UBND xã" in page and "Bổ sung vùng nguyên liệu." in page
    data = {**IDEA, "raw_materials": "Vườn na 20 ha", "version": idea.version}
    with django_capture_on_commit_callbacks(execute=True):
        assert producer.post(f"/y-tuong/{idea.pk}/sua/", data).status_code == 302
    idea.refresh_from_db()
    assert (idea.state, idea.raw_materials) == (IdeaState.REGISTERED, "Vườn na 20 ha")
    assert mail.outbox[-1].to == ["xa.chilang@demo.ocop.invalid"]
    review(commune, idea, Review.Decision.DECLINE, "Trùng với sản phẩm đã có của hợp tác xã.")
    idea.refresh_from_db()
    assert idea.state == IdeaState.DECLINED
    assert [r.decision for r in idea.reviews.all()] == ["decline", "return"]
    assert producer.get(f"/y-tuong/{idea.pk}/sua/").status_code == 403


def test_a_community_idea_goes_on_with_the_producer_who_carries_it(as_user: Callable[[str], Client]) -> None:
    commune = as_user("xa.chilang")
    assert (
        register(commune, name="Gà đồi Chi Lăng", scorecard_number="2", origin="traditional").status_code
        == 302
    )
    idea = Idea.objects.get(name="Gà đồi Chi Lăng")
    assert idea.community and idea.producer is None and idea.created_by.username == "xa.chilang"
    response = review(commune, idea, Review.Decision.FORWARD)
    assert "cần có chủ thể thực hiện" in messages(response)
    idea.refresh_from_db()
    assert idea.state == IdeaState.REGISTERED
    # A producer of another commune is not offered.
    elsewhere = Producer.objects.get(name="Hợp tác xã Hồi Văn Quan")
    assert "Cần chọn ý kiến" in messages(
        review(commune, idea, Review.Decision.FORWARD, producer=elsewhere.pk)
    )
    carrier = Producer.objects.get(name="Hợp tác xã Na Chi Lăng")
    review(commune, idea, Review.Decision.FORWARD, producer=carrier.pk)
    idea.refresh_from_db()
    assert (idea.state, idea.producer) == (IdeaState.FORWARDED, carrier)
    # The carrier now sees it and writes the plan.
    assert "Lập phương án sản xuất kinh doanh" in text(
        as_user("chuthe.nachilang").get(f"/y-tuong/{idea.pk}/")
    )


def test_the_list_filters_refuse_bad_values_with_a_note(as_user: Callable[[str], Client]) -> None:
    register(as_user("chuthe.nachilang"))
    staff = as_user("tinh")
    for query in ("?buoc=bogus", "?nam=²", "?nam=99999999999", "?buoc=" + "x" * 500):
        response = staff.get("/y-tuong/" + query)
        assert response.status_code == 200, query
        assert "không hợp lệ nên đã được bỏ qua" in text(response), query
        assert "Mứt na Chi Lăng" in text(response), query
    assert "Mứt na Chi Lăng" not in text(staff.get("/y-tuong/?buoc=forwarded"))
    assert "Mứt na Chi Lăng" not in text(staff.get("/y-tuong/?nam=2024"))
