from django.urls import path, register_converter

from . import feeds, lists, sitemaps, views


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

urlpatterns = [
    path("", lists.HomeView.as_view(), name="home"),
    path("stories/<int:pk>/", views.article_redirect, name="detail-short"),
    path("stories/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("authors/<str:slug>/", lists.AuthorView.as_view(), name="author"),
    path("sections/<str:slug>/", lists.SectionView.as_view(), name="section"),
    path("tags/<str:slug>/", lists.TagView.as_view(), name="tag"),
    path("places/<str:slug>/", lists.PlaceView.as_view(), name="place"),
    path("archive/<yyyy:year>/", lists.DateArchiveView.as_view(), name="archive-year"),
    path("archive/<yyyy:year>/<dd:month>/", lists.DateArchiveView.as_view(), name="archive-month"),
    path("archive/<yyyy:year>/<dd:month>/<dd:day>/", lists.DateArchiveView.as_view(), name="archive-day"),
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
