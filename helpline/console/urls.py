from django.urls import path

from helpline.console import views

app_name = "console"
urlpatterns = [
    path("", views.index, name="index"),
    path("supervisor/", views.supervisor, name="supervisor"),
    path("callbacks/", views.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/handled/", views.callback_handled, name="callback_handled"),
    path("conversations/<str:public_id>/wrap-up/", views.wrap_up, name="wrap_up"),
    path("kb-search/", views.kb_search, name="kb_search"),
]
