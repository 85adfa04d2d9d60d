from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "ocop.catalogue"
    verbose_name = "Danh mục sản phẩm OCOP công khai"

    def ready(self) -> None:
        from . import signals  # noqa: F401
