from django.urls import URLPattern, path

from . import commune_report_views, views

urlpatterns: list[URLPattern] = [
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/chi-tieu/<int:target_pk>/xoa/", views.target_delete, name="target_delete"),
    path("su-kien/", views.event_list, name="event_list"),
    path("su-kien/<int:pk>/", views.event_detail, name="event_detail"),
    path("tap-huan/<int:pk>/", views.course_detail, name="course_detail"),
    path(
        "tap-huan/<int:pk>/hoc-vien/<int:attendance_pk>/",
        views.attendance_toggle,
        name="attendance_toggle",
    ),
    path("doanh-thu/", views.revenue, name="revenue"),
    path("bao-cao-xa/", commune_report_views.report_list, name="commune_reports"),
    path("bao-cao-xa/<int:pk>/", commune_report_views.report_detail, name="commune_report"),
]
