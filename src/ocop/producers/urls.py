from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("chu-the/", views.producer_home, name="producer_home"),
    path("chu-the/dang-ky/", views.signup, name="producer_signup"),
    path("chu-the/san-pham/them/", views.product_create, name="product_create"),
]
