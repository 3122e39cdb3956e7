from django.apps import AppConfig


class SpreadConfig(AppConfig):
    name = "helpline.spread"
    label = "spread"
    verbose_name = "How cancer spreads"
