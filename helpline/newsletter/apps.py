from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "helpline.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
