from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ocop.lifecycle.views import verify
from ocop.national.api import api

from . import views

urlpatterns = [
    # The verification page first: every stamp's QR code leads there, so it is resolved with one match.
    path("xac-thuc/<str:code>/", verify, name="verify"),
    path("", views.home, name="home"),
    path("lam-viec/", views.workspace, name="workspace"),
    path("", include("ocop.producers.urls")),
    path("", include("ocop.dossiers.urls")),
    path("", include("ocop.councils.urls")),
    path("", include("ocop.certificates.urls")),
    path("", include("ocop.lifecycle.urls")),
    path("", include("ocop.catalogue.urls")),
    path("", include("ocop.programme.urls")),
    path("", include("ocop.reports.urls")),
    path("", include("ocop.registers.urls")),
    path("", include("ocop.ideas.urls")),
    path("", include("ocop.national.urls")),
    path("", include("ocop.stamps.urls")),
    path("api/v1/", api.urls),
    path("bo-quy-tac/", views.rulebook_list, name="rulebooks"),
    path("bo-quy-tac/<str:rulebook_id>/", views.rulebook_detail, name="rulebook"),
    path("bo-quy-tac/<str:rulebook_id>/phieu/<int:number>/", views.scorecard_detail, name="scorecard"),
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
]
