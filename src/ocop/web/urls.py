from django.contrib import admin
from django.urls import include, path

from ocop.accounts.sessions import session_free
from ocop.lifecycle.views import verify
from ocop.national.api import api

from . import views

urlpatterns = [
    # The verification page first: every stamp's QR code leads there, so it is resolved with one match.
    path("xac-thuc/<str:code>/", session_free(verify), name="verify"),
    path("", views.home, name="home"),
    path("lam-viec/", views.workspace, name="workspace"),
    path("", include("ocop.producers.urls")),
    path("", include("ocop.dossiers.urls")),
    path("", include("ocop.councils.urls")),
    path("", include("ocop.certificates.urls")),
    path("", include("ocop.lifecycle.urls")),
    path("", include("ocop.catalogue.urls")),
    path("", include("ocop.programme.urls")),
    path("", include("ocop.support.urls")),
    path("", include("ocop.reports.urls")),
    path("", include("ocop.registers.urls")),
    path("", include("ocop.ideas.urls")),
    path("", include("ocop.national.urls")),
    path("", include("ocop.stamps.urls")),
    path("api/v1/", api.urls),
    path("bo-quy-tac/", views.rulebook_list, name="rulebooks"),
    path("bo-quy-tac/<str:rulebook_id>/", views.rulebook_detail, name="rulebook"),
    path("bo-quy-tac/<str:rulebook_id>/phieu/<int:number>/", views.scorecard_detail, name="scorecard"),
    # Sign-in, one's account, and the admin site's login page (before the admin site's own URLs).
    path("", include("ocop.accounts.urls")),
    path("quan-tri/", admin.site.urls),
]
