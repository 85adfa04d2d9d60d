from django.urls import path

from . import views

urlpatterns = [
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/excel/", views.report_excel, name="report_excel"),
    path("bao-cao/pdf/", views.report_pdf, name="report_pdf"),
]
