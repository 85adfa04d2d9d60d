from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("y-tuong/", views.idea_list, name="idea_list"),
    path("y-tuong/dang-ky/", views.idea_create, name="idea_create"),
    path("y-tuong/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("y-tuong/<int:pk>/sua/", views.idea_edit, name="idea_edit"),
    path("y-tuong/<int:pk>/xem-xet/", views.idea_review, name="idea_review"),
    path("y-tuong/<int:pk>/phuong-an/", views.plan_edit, name="plan_edit"),
    path("y-tuong/<int:pk>/phuong-an/tham-dinh/", views.plan_review, name="plan_review"),
    path("khao-sat-tiem-nang/", views.survey_list, name="survey_list"),
    path("khao-sat-tiem-nang/<int:pk>/", views.survey_edit, name="survey_edit"),
    path("chu-trinh/cai-dat/", views.cycle_settings, name="cycle_settings"),
]
