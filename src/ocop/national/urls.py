from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("ket-noi/khoa-api/", views.token_list, name="token_list"),
    path("ket-noi/khoa-api/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("ket-noi/xuat-du-lieu-quoc-gia/", views.national_export, name="national_export"),
]
