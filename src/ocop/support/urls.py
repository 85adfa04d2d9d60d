from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("ho-tro/", views.programme_list, name="support_programmes"),
    path("ho-tro/chuong-trinh/<int:pk>/", views.programme_detail, name="support_programme"),
    path("ho-tro/chuong-trinh/<int:pk>/dang-ky/", views.apply, name="support_apply"),
    path("ho-tro/don/<int:pk>/", views.application_detail, name="support_application"),
    path("ho-tro/don/<int:pk>/xet-duyet/", views.decide, name="support_decide"),
    path("ho-tro/don/<int:pk>/giai-ngan/", views.disburse, name="support_disburse"),
    path("ho-tro/don/<int:pk>/rut-don/", views.withdraw, name="support_withdraw"),
    path("ho-tro/bao-cao/", views.report, name="support_report"),
    path("ho-tro/bao-cao/excel/", views.report_excel, name="support_report_excel"),
    path("ho-tro/tu-van/", views.consultant_list, name="consultant_list"),
    path("ho-tro/tu-van/<int:pk>/", views.consultant_detail, name="consultant_detail"),
    path("ho-tro/phat-trien-san-pham/", views.plan_list, name="devplan_list"),
    path("ho-tro/phat-trien-san-pham/<int:pk>/", views.plan_detail, name="devplan_detail"),
    path(
        "ho-tro/phat-trien-san-pham/<int:pk>/san-pham/<int:item_pk>/bo/",
        views.plan_item_remove,
        name="devplan_item_remove",
    ),
]
