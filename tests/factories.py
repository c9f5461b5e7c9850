"""Small builders for test data: real rows in the real database, with sensible defaults."""

import itertools
from datetime import UTC, datetime

from articles.models import Article, Author, Byline, Place, RelatedLink, Section

_counter = itertools.count(1)


def make_author(name: str | None = None, **fields) -> Author:
    return Author.objects.create(name=name or f"Reporter {next(_counter)}", **fields)


def make_article(
    headline: str | None = None,
    *,
    authors: list[Author] = (),
    places: list[str] = (),
    section: Section | None = None,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
    body: str = "<p>A paragraph of the story.</p>",
    **fields,
) -> Article:
    article = Article.objects.create(
        headline=headline or f"Story number {next(_counter)}",
        status=status,
        published_at=published_at,
        section=section,
        body=body,
        **fields,
    )
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    for name in places:
        place, _ = Place.objects.get_or_create(name=name, defaults={"slug": ""})
        article.places.add(place)
    return article


def make_link(source: Article, *, title: str = "", target: Article | None = None, **fields) -> RelatedLink:
    return RelatedLink.objects.create(source=source, title=title, target=target, **fields)


def form_data(response, form_id: str | None = None) -> dict[str, list[str]]:
    """The values a browser would submit for the page's form: inputs, selects, textareas, management forms."""
    import lxml.html

    document = lxml.html.fromstring(response.content.decode())
    forms = [f for f in document.forms if f.method.upper() == "POST"]
    form = next(f for f in forms if form_id is None or f.get("id") == form_id)
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def run_at_once(task, *, times: int = 2) -> list[Exception]:
    """Run ``task`` in ``times`` threads released together; return what they raised.

    Each thread has its own database connection (Django's are per thread), closed
    when it is done, so the runs really race each other in PostgreSQL.
    """
    import threading

    from django.db import connection

    barrier = threading.Barrier(times)
    errors: list[Exception] = []

    def run():
        try:
            barrier.wait()
            task()
        except Exception as exc:  # returned to the test, which asserts on it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
