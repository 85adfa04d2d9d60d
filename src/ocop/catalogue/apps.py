from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "ocop.catalogue"
    verbose_name = "Danh mục sản phẩm OCOP công khai"
