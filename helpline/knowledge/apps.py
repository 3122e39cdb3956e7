from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "helpline.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
