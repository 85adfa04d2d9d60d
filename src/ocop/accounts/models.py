"""Users, their role in the programme and the area they act in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    PRODUCER = "producer", "Chủ thể sản xuất"
    COMMUNE_OFFICER = "commune_officer", "Cán bộ UBND cấp xã"
    PROVINCE_STAFF = "province_staff", "Cơ quan tham mưu OCOP cấp tỉnh (tổ giúp việc)"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng"
    COUNCIL_SECRETARY = "council_secretary", "Thư ký / Chủ tịch Hội đồng"
    PROVINCE_LEADER = "province_leader", "Lãnh đạo UBND tỉnh (ký quyết định)"
    CENTRAL_STAFF = "central_staff", "Cơ quan tham mưu OCOP trung ương"
    ADMIN = "admin", "Quản trị hệ thống"


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    role = models.CharField("vai trò", max_length=30, choices=Role.choices, default=Role.PRODUCER)
    province = models.ForeignKey(
        "areas.Province", verbose_name="tỉnh", null=True, blank=True, on_delete=models.PROTECT
    )
    commune = models.ForeignKey(
        "areas.Commune", verbose_name="xã", null=True, blank=True, on_delete=models.PROTECT
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name="chủ thể",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    def __str__(self) -> str:
        return self.full_name or self.username
