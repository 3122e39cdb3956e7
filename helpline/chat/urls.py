from django.urls import path

from helpline.chat import views

app_name = "chat_api"
urlpatterns = [
    path("start", views.start, name="start"),
    path("callback", views.callback, name="callback"),
    path("<str:public_id>/messages", views.messages, name="messages"),
    path("<str:public_id>/transcript", views.transcript, name="transcript"),
    path("<str:public_id>/survey", views.survey, name="survey"),
]
