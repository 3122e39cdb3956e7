from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/", include("helpline.knowledge.staff_urls", namespace="staff")),
]
urlpatterns += i18n_patterns(
    path("newsletter/", include("helpline.newsletter.urls")),
    path("", include("helpline.public.urls")),
    prefix_default_language=True,
)
