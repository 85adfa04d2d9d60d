from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("hoi-dong/", views.council_list, name="council_list"),
    path("hoi-dong/<int:pk>/", views.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/bo/", views.member_remove, name="member_remove"),
    path("phien-hop/", views.session_list, name="session_list"),
    path("phien-hop/<int:pk>/", views.session_detail, name="session_detail"),
    path("phien-hop/<int:pk>/dua-vao/", views.session_schedule, name="session_schedule"),
    path("phien-hop/<int:pk>/rut/<int:item_pk>/", views.session_unschedule, name="session_unschedule"),
    path("phien-hop/<int:pk>/ket-thuc/", views.session_close, name="session_close"),
    path("cham-diem/", views.my_scoring, name="my_scoring"),
    path("cham-diem/<int:pk>/", views.score_sheet, name="score_sheet"),
]
