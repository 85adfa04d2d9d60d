from django.urls import URLPattern, path

from . import batch_views, market_views, views

urlpatterns: list[URLPattern] = [
    # public
    path("xac-thuc/", views.verify_lookup, name="verify_lookup"),
    # /xac-thuc/<code>/ is at the top of ocop.web.urls.
    path("thu-hoi/", views.revoked_public, name="revoked_public"),
    # certificates after issue
    path("theo-doi/giay-chung-nhan/", views.certificate_register, name="certificate_register"),
    path("theo-doi/giay-chung-nhan/<int:pk>/", views.certificate_life, name="lifecycle_certificate"),
    path("theo-doi/giay-chung-nhan/<int:pk>/danh-gia-lai/", views.follow_up, name="lifecycle_follow_up"),
    path(
        "theo-doi/giay-chung-nhan/<int:pk>/de-nghi-thu-hoi/",
        views.revocation_propose,
        name="revocation_propose",
    ),
    path("theo-doi/giay-chung-nhan/<int:pk>/kiem-tra/", views.inspection_new, name="inspection_new"),
    path("theo-doi/thu-hoi/", views.revocation_list, name="revocation_list"),
    path("theo-doi/thu-hoi/<int:pk>/", views.revocation_detail, name="revocation_detail"),
    path("theo-doi/thu-hoi/<int:pk>/quyet-dinh.pdf", views.revocation_pdf, name="revocation_pdf"),
    path("theo-doi/hau-kiem/", views.inspection_list, name="inspection_list"),
    path("theo-doi/hau-kiem/<int:pk>/", views.inspection_plan, name="inspection_plan"),
    path("theo-doi/kiem-tra/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    # products on sale and self-declarations (market.py)
    path("theo-doi/kiem-tra-thi-truong/", market_views.check_list, name="market_list"),
    path("theo-doi/kiem-tra-thi-truong/<int:pk>/", market_views.check_detail, name="market_check"),
    path(
        "theo-doi/kiem-tra-thi-truong/phat-hien/<int:pk>/", market_views.finding_detail, name="market_finding"
    ),
    path(
        "theo-doi/kiem-tra-thi-truong/bang-chung/<int:pk>/",
        market_views.evidence_file,
        name="market_evidence",
    ),
    path("tu-cong-bo/", market_views.declaration_list, name="declaration_list"),
    path("tu-cong-bo/<int:pk>/tep/", market_views.declaration_file, name="declaration_file"),
    path("theo-doi/kiem-tra/<int:pk>/tu-cong-bo/", market_views.declaration_check, name="declaration_check"),
    # revocation by list (batch_revocation.py)
    path("theo-doi/ngung-san-xuat/", batch_views.stop_list, name="production_stops"),
    path("theo-doi/thu-hoi-theo-danh-sach/", batch_views.batch_list, name="batch_list"),
    path("theo-doi/thu-hoi-theo-danh-sach/<int:pk>/", batch_views.batch_detail, name="batch_detail"),
    path("theo-doi/thu-hoi-theo-danh-sach/<int:pk>/quyet-dinh.pdf", batch_views.batch_pdf, name="batch_pdf"),
]
