from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("san-pham-ocop/", views.catalogue, name="catalogue"),
    path("san-pham-ocop/<int:pk>/", views.product_detail, name="catalogue_product"),
    path("san-pham-ocop/<int:pk>/anh/", views.product_photo, name="catalogue_photo"),
    path("san-pham-ocop/<int:pk>/cau-chuyen/", views.story_edit, name="catalogue_story_edit"),
    path("diem-ban/", views.salespoint_list, name="salespoint_list"),
    path("diem-ban/them/", views.salespoint_edit, name="salespoint_create"),
    path("diem-ban/<int:pk>/", views.salespoint_detail, name="salespoint"),
    path("diem-ban/<int:pk>/sua/", views.salespoint_edit, name="salespoint_edit"),
]
