from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stories/<int:pk>/", views.article_redirect, name="detail-short"),
    path("stories/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("authors/<str:slug>/", views.AuthorView.as_view(), name="author"),
    path("sections/<str:slug>/", views.SectionView.as_view(), name="section"),
    path("tags/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("places/<str:slug>/", views.PlaceView.as_view(), name="place"),
    path("legacy/<str:scheme>/<str:value>/", views.legacy_identifier_redirect, name="legacy-id"),
]
