from django.urls import path

from helpline.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>.pdf", views.article_pdf, name="article_pdf"),
    path("pdfs/", views.pdfs, name="pdfs"),
    path("ask/", views.ask, name="ask"),
    path("get-involved/", views.get_involved, name="get_involved"),
]
