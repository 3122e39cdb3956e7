from django.urls import path

from helpline.chat.consumers import ConsoleConsumer, VisitorConsumer

websocket_urlpatterns = [
    path("ws/chat/<str:public_id>/", VisitorConsumer.as_asgi()),
    path("ws/console/", ConsoleConsumer.as_asgi()),
]
