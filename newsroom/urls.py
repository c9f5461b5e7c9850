from django.contrib import admin
from django.urls import include, path

from articles.admin_import import import_view

admin.site.site_header = "Newsroom archive"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Archive"

urlpatterns = [
    # Before admin.site.urls, whose catch-all would answer this path first.
    path("admin/import/", import_view, name="admin-import"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

# Rendered without the database, and 503 rather than 500 when the database is what failed.
handler500 = "newsroom.errors.server_error"
