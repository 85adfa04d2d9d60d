from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("tem-truy-xuat/", views.stamp_list, name="stamp_list"),
    path("tem-truy-xuat/yeu-cau/", views.stamp_request, name="stamp_request"),
    path("tem-truy-xuat/lo/<int:pk>/", views.stamp_batch, name="stamp_batch"),
    path("tem-truy-xuat/lo/<int:pk>/in.pdf", views.stamp_sheet_pdf, name="stamp_sheet_pdf"),
    path("tem-truy-xuat/nghi-sao-chep/", views.stamp_flags, name="stamp_flags"),
    # What the QR codes carry: the project's own address, and GS1 Digital Link (AI 01, 10, 21).
    path("tem/<str:serial>/", views.stamp_scan, name="stamp_scan"),
    path("01/<str:gtin>/10/<str:lot>/21/<str:serial>", views.stamp_scan_gs1, name="stamp_scan_gs1"),
]
