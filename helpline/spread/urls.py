"""The spread atlas, under /<lang>/how-cancer-spreads/ (see helpline/urls.py)."""

from django.urls import URLPattern, path

from helpline.spread import views

app_name = "spread"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.primary, name="primary"),
]
