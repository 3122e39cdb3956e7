from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "helpline.public"
    label = "public"
    verbose_name = "Public site"
