from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("quyet-dinh/", views.decision_queue, name="decision_queue"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/pdf/", views.decision_pdf_view, name="decision_pdf"),
    path("giay-chung-nhan/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("giay-chung-nhan/<int:pk>/pdf/", views.certificate_pdf_view, name="certificate_pdf"),
]
