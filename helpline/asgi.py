"""The ASGI application: HTTP through Django, websockets (chat, console) through Channels.

Websocket origins are checked in the consumers themselves: the visitor's chat also accepts the
sites that embed the widget (HELPLINE_WIDGET_ORIGINS); the console only the site's own hosts.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpline.settings")
django_asgi = get_asgi_application()

# Django must be set up before the consumers (and their models) are imported.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from helpline.chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {"http": django_asgi, "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns))}
)
