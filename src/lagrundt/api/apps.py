from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lagrundt.api"
    verbose_name = "API"
