from django.contrib import admin
from django.urls import include, path, re_path

from articles.admin_import import import_view
from articles.api.views import not_found as api_not_found

admin.site.site_header = "Newsroom archive"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Archive"

urlpatterns = [
    # Before admin.site.urls, whose catch-all would answer this path first.
    path("admin/import/", import_view, name="admin-import"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),  # another version, or none: a JSON 404 all the same
    path("", include("articles.urls")),
]

# Rendered without the database, and 503 rather than 500 when the database is what failed.
handler500 = "newsroom.errors.server_error"
