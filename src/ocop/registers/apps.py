from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "ocop.registers"
    verbose_name = "Nhập sổ theo dõi sản phẩm OCOP"
