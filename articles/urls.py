from django.urls import path, register_converter

from . import feeds, lists, search_views, sitemaps, staff_search, views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "articles"


def list_patterns(archive: str, prefix: str = "", name_prefix: str = "") -> list:
    """The lists of one archive: the English one at the root, the Arabic one under /ar/ (articles/languages.py)."""
    views_by_name = [
        ("", lists.HomeView, "home"),
        ("authors/<str:slug>/", lists.AuthorView, "author"),
        ("sections/<str:slug>/", lists.SectionView, "section"),
        ("tags/<str:slug>/", lists.TagView, "tag"),
        ("places/<str:slug>/", lists.PlaceView, "place"),
        ("archive/<yyyy:year>/", lists.DateArchiveView, "archive-year"),
        ("archive/<yyyy:year>/<dd:month>/", lists.DateArchiveView, "archive-month"),
        ("archive/<yyyy:year>/<dd:month>/<dd:day>/", lists.DateArchiveView, "archive-day"),
    ]
    return [
        path(prefix + route, view.as_view(archive=archive), name=name_prefix + name)
        for route, view, name in views_by_name
    ]


urlpatterns = [
    *list_patterns("en"),
    *list_patterns("ar", prefix="ar/", name_prefix="ar-"),
    path("search/", search_views.SearchView.as_view(archive="en"), name="search"),
    path("ar/search/", search_views.SearchView.as_view(archive="ar"), name="ar-search"),
    path("staff/search/", search_views.StaffSearchView.as_view(), name="staff-search"),
    path("staff/search/export.<str:format>", staff_search.ExportView.as_view(), name="staff-search-export"),
    path("staff/search/saved/", staff_search.SaveSearchView.as_view(), name="saved-search-save"),
    path(
        "staff/search/saved/<int:pk>/delete/", staff_search.DeleteSavedSearchView.as_view(), name="saved-search-delete"
    ),
    path("staff/search/saved/<str:token>/atom/", staff_search.SavedSearchFeed(), name="saved-search-feed"),
    path("stories/<int:pk>/", views.article_redirect, name="detail-short"),
    path("stories/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("rss/", feeds.StoryFeed(), name="feed-rss"),
    path("atom/", feeds.AtomStoryFeed(), name="feed-atom"),
    *[
        path(f"{kind}s/<str:slug>/{format_}/", feed(), name=f"{kind}-feed-{format_}")
        for kind, pair in feeds.SUBJECT_FEEDS.items()
        for format_, feed in zip(("rss", "atom"), pair, strict=True)
    ],
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemaps/news.xml", sitemaps.news_sitemap, name="sitemap-news"),
    path("sitemaps/subjects.xml", sitemaps.subject_sitemap, name="sitemap-subjects"),
    path("sitemaps/stories-<yyyy:year>-<dd:month>.xml", sitemaps.month_sitemap, name="sitemap-month"),
    path("legacy/<str:scheme>/<str:value>/", views.legacy_identifier_redirect, name="legacy-id"),
]
