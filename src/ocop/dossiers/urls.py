from django.urls import URLPattern, path

from . import self_assessment_views, views

urlpatterns: list[URLPattern] = [
    path("ho-so/", views.dossier_list, name="dossier_list"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("chu-the/san-pham/<int:product_pk>/lap-ho-so/", views.dossier_start, name="dossier_start"),
    path("ho-so/<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:document_pk>/tai-ve/", views.document_download, name="document_download"
    ),
    path("ho-so/<int:pk>/nop/", views.dossier_file, name="dossier_file"),
    path("ho-so/<int:pk>/rut/", views.dossier_withdraw, name="dossier_withdraw"),
    path("ho-so/<int:pk>/danh-gia-xa/", views.commune_assess, name="commune_assess"),
    path("ho-so/<int:pk>/bao-cao-xa.pdf", views.commune_report_pdf, name="commune_report_pdf"),
    path("ho-so/<int:pk>/tra-lai/", views.dossier_return, name="dossier_return"),
    path("ho-so/<int:pk>/tiep-nhan/", views.dossier_accept, name="dossier_accept"),
    path("ho-so/<int:pk>/tiep-nhan-trung-uong/", views.dossier_central_accept, name="dossier_central_accept"),
    path("ho-so/<int:pk>/danh-gia-lai-tinh/", views.dossier_reevaluate, name="dossier_reevaluate"),
    path("ho-so/<int:pk>/khao-sat/", views.inspection_record, name="inspection_record"),
    path("ho-so/<int:pk>/dieu-kien-phieu/", views.exemptions_record, name="exemptions_record"),
    # The producer's self-assessment (26/2026 Form 02 Part III) and its gap with the council's score.
    path("ho-so/<int:pk>/tu-cham-diem/", self_assessment_views.self_assessment, name="self_assessment"),
    path(
        "ho-so/<int:pk>/tu-cham-diem/minh-chung/",
        self_assessment_views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "ho-so/<int:pk>/tu-cham-diem/minh-chung/<int:link_pk>/go/",
        self_assessment_views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "ho-so/<int:pk>/tu-cham-diem/so-sanh/",
        self_assessment_views.self_assessment_gap,
        name="self_assessment_gap",
    ),
]
