"""/api/v1/: the read-only JSON API (articles/api/openapi.json documents each path)."""

from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("stories/", views.story_list, name="stories"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("authors/", views.author_list, name="authors"),
    path("authors/<str:slug>/", views.author_detail, name="author"),
    path("sections/", views.section_list, name="sections"),
    path("openapi.json", views.openapi_schema, name="openapi"),
    # Anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
