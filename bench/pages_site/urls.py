"""The project's URLs plus a minimal view, the server's ceiling that bench/pages.py measures pages against."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok")


urlpatterns = [
    path("_minimal/", minimal),
    path("", include("newsroom.urls")),
]
