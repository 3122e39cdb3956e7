from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "helpline.chat"
    label = "chat"
    verbose_name = "Live chat"

    def ready(self) -> None:
        from helpline.chat import signals  # noqa: F401 - connects the logout receiver
