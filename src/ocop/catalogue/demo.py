"""Demo data for the catalogue: sales points in Lạng Sơn and stories for the demo products.

Names, addresses and phone numbers are invented (like the rest of the demo). Call after `load_demo()`;
calling it twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from ocop.areas.models import Commune, Province
from ocop.producers.models import Product

from .models import SalesPoint, SalesPointKind, SalesPointLocation, SalesPointProduct
from .services import profile_for

PROVINCE_CODE = 20  # Lạng Sơn

STORIES = {
    "Na Chi Lăng": (
        "Na Chi Lăng được trồng trên những sườn đồi núi đá vôi của xã Chi Lăng. Quả chín vào tháng 7, "
        "tháng 8, múi dày, hạt nhỏ, vị ngọt thanh. Hợp tác xã thu hái khi quả vừa chín tới và đóng hộp "
        "ngay trong ngày."
    ),
    "Na sấy dẻo Chi Lăng": (
        "Những quả na chín được chọn lọc, tách hạt và sấy ở nhiệt độ thấp để giữ vị ngọt tự nhiên, "
        "không thêm đường."
    ),
    "Hoa hồi khô Văn Quan": (
        "Hồi Văn Quan được hái từ những cánh rừng hồi lâu năm, phơi khô tự nhiên, cánh đều, mùi thơm đậm."
    ),
    "Tinh dầu hồi Văn Quan": "Tinh dầu chưng cất từ lá và quả hồi tươi của các hộ thành viên hợp tác xã.",
    "Rượu Mẫu Sơn 29 độ": "Rượu nấu từ gạo và men lá theo cách của đồng bào Dao trên núi Mẫu Sơn.",
    "Khâu nhục Lạng Sơn": (
        "Món ăn truyền thống trong mâm cỗ ngày Tết của người Tày, Nùng: thịt ba chỉ chiên, tẩm gia vị và "
        "hấp nhiều giờ với khoai môn."
    ),
}

# name, kind, site, operator, address, commune code, phone, hours, products
SALES_POINTS = [
    (
        "Trung tâm giới thiệu và bán sản phẩm OCOP tỉnh Lạng Sơn",
        SalesPointKind.CENTRE,
        SalesPointLocation.SERVICE_CENTRE,
        "Trung tâm Xúc tiến thương mại (mẫu)",
        "Số 1 đường Mẫu (demo)",
        5983,
        "0205 3 811 111",
        "7:30–21:00 hằng ngày",
        [
            "Na Chi Lăng",
            "Na sấy dẻo Chi Lăng",
            "Hoa hồi khô Văn Quan",
            "Rượu Mẫu Sơn 29 độ",
            "Khâu nhục Lạng Sơn",
        ],
    ),
    (
        "Điểm bán sản phẩm OCOP chợ Đông Kinh",
        SalesPointKind.POINT,
        SalesPointLocation.RETAIL,
        "Hộ kinh doanh (mẫu)",
        "Ki-ốt số 12, chợ Đông Kinh (demo)",
        5977,
        "0205 3 822 222",
        "6:00–19:00",
        ["Hoa hồi khô Văn Quan", "Tinh dầu hồi Văn Quan", "Na sấy dẻo Chi Lăng"],
    ),
    (
        "Điểm bán sản phẩm OCOP Chi Lăng",
        SalesPointKind.POINT,
        SalesPointLocation.REST_STOP,
        "Hợp tác xã Na Chi Lăng",
        "Trạm dừng nghỉ Chi Lăng (demo)",
        6463,
        "0205 3 833 333",
        "7:00–18:00",
        ["Na Chi Lăng", "Na sấy dẻo Chi Lăng"],
    ),
]


@transaction.atomic
def seed_catalogue_demo() -> None:
    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return
    for name, story in STORIES.items():
        product = Product.objects.filter(name=name, producer__commune__province=province).first()
        if product is not None:
            profile = profile_for(product)
            if not profile.story:
                profile.story = story
                profile.save()
    for name, kind, site, operator, address, commune_code, phone, hours, products in SALES_POINTS:
        if SalesPoint.objects.filter(name=name, province=province).exists():
            continue
        point = SalesPoint.objects.create(
            name=name,
            kind=kind,
            location=site,
            operator=operator,
            address=address,
            province=province,
            commune=Commune.objects.filter(code=commune_code).first(),
            phone=phone,
            opening_hours=hours,
        )
        for product in Product.objects.filter(name__in=products, producer__commune__province=province):
            SalesPointProduct.objects.create(sales_point=point, product=product)
