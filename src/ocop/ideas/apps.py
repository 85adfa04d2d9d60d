from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "ocop.ideas"
    verbose_name = "Ý tưởng sản phẩm, phương án sản xuất kinh doanh, khảo sát tiềm năng"
