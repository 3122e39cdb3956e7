from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from helpline.answers.api import answers_api
from helpline.chat.views import chat_page
from helpline.chat.views import embed as chat_embed


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/answers", answers_api, name="api_answers"),
    path("api/chat/", include("helpline.chat.urls")),
    path("console/", include("helpline.console.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/", include("helpline.knowledge.staff_urls", namespace="staff")),
]
urlpatterns += i18n_patterns(
    path("newsletter/", include("helpline.newsletter.urls")),
    path("how-cancer-spreads/", include("helpline.spread.urls")),
    path("chat/", chat_page, name="chat"),
    path("chat/embed/", chat_embed, name="chat_embed"),
    path("", include("helpline.public.urls")),
    prefix_default_language=True,
)
