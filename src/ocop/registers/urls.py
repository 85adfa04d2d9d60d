from django.urls import path

from . import views

urlpatterns = [
    path("nhap-so/", views.register_import, name="register_import"),
    path("nhap-so/mau.csv", views.register_template, name="register_template"),
    path("nhap-so/<int:pk>/", views.register_preview, name="register_preview"),
]
