from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("dang-nhap/", views.sign_in, name="login"),
    path("dang-nhap/ma-xac-thuc/", views.second_factor, name="second_factor"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.enrol, name="enrol"),
    path("tai-khoan/xac-thuc-hai-buoc/ma-du-phong/", views.recovery_codes, name="recovery_codes"),
    path("tai-khoan/xac-thuc-hai-buoc/tat/", views.turn_off, name="two_factor_off"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChange.as_view(), name="password_change"),
    path("quen-mat-khau/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(), name="password_reset_confirm"
    ),
    path(
        "quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("quan-tri/login/", views.admin_login, name="admin_login"),
]
