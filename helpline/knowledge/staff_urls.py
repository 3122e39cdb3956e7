from django.urls import path

from helpline.knowledge import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("revisions/<int:revision_id>/", staff_views.revision_detail, name="revision"),
    path("revisions/<int:revision_id>/edit/", staff_views.edit_revision, name="edit_revision"),
    path(
        "revisions/<int:revision_id>/<slug:step>/", staff_views.revision_step, name="revision_step"
    ),
    path(
        "translations/<int:translation_id>/new-revision/",
        staff_views.new_revision,
        name="new_revision",
    ),
]
