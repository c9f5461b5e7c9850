"""Production from its documented steps, and what it does when the database fails under it.

One gunicorn per test module, started by `make serve-production` with
DJANGO_ENV=production (DEBUG off, hashed static files collected into a temporary
STATIC_ROOT) against the test database; the tests commit their data so the
server sees it. A lock taken by the test holds a request in flight at a known
point, so "killed during a request" and "cancelled by the statement timeout" are
tested deterministically, not by luck.
"""

import re
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, transaction

from tests.factories import make_article
from tests.production import (
    REPO,
    free_port,
    production_environment,
    serve_production,
    start,
    terminate_other_backends,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Long enough for a loaded machine to see the request wait before the timeout cancels it.
STATEMENT_TIMEOUT_MS = 5000


@pytest.fixture(scope="module")
def production(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        server = serve_production(
            tmp_path_factory.mktemp("production"),
            WEB_STATEMENT_TIMEOUT_MS=str(STATEMENT_TIMEOUT_MS),
            # The tests write stories from another process and read them back at once: the server reads
            # the archive's version on every request instead of trusting it for a second (page cache).
            PAGE_CACHE_VERSION_SECONDS="0",
        )
    yield server
    server.stop()


def test_make_serve_production_serves_pages_with_hashed_static_files(production):
    story = make_article("Wheat harvest begins in Hasaka")
    home = production.get("/")
    assert home.status == 200
    page = home.body.decode()
    assert "Wheat harvest begins in Hasaka" in page
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the stylesheet's URL is not the hashed one collectstatic made"
    css = production.get(stylesheet.group(1))
    assert css.status == 200 and css.getheader("Content-Type").startswith("text/css")
    assert "max-age=315360000" in css.getheader("Cache-Control")  # hashed: cached for ever

    assert production.get(story.get_absolute_url()).status == 200
    assert home.getheader("Strict-Transport-Security")
    assert "default-src 'self'" in home.getheader("Content-Security-Policy")

    missing = production.get("/no/such/page/")
    assert missing.status == 404 and "There is no page at this address" in missing.body.decode()  # DEBUG is off
    assert production.get("/authors/%00/").status == 400
    assert re.search(r'"GET / HTTP/1\.1" 200', production.log.read_text()), "no access log line"


def test_a_search_thousands_of_characters_long_reaches_the_search_page_which_says_what_to_do(production):
    answer = production.get("/search/?q=" + "harvest%20" * 800)  # 8,000 bytes of address, 6,400 characters
    assert answer.status == 200 and "Keep the search under 1,000 characters." in answer.body.decode()


def test_gunicorn_refuses_to_start_when_static_files_were_not_collected(tmp_path):
    port = free_port()
    env = production_environment(tmp_path / "never-collected", port)
    command = [sys.executable, "-m", "gunicorn", "--config", "newsroom/gunicorn.conf.py", "newsroom.wsgi"]
    server = start(command, env, port, tmp_path / "server.log")
    try:
        server.process.wait(timeout=60)
    finally:
        server.stop()
    assert server.process.returncode != 0
    assert "collectstatic" in server.log.read_text()


def test_connections_killed_between_requests_are_replaced_before_use(production):
    make_article()
    for _ in range(6):  # both workers now keep a connection (CONN_MAX_AGE)
        assert production.get("/").status == 200
    assert terminate_other_backends() >= 1
    statuses = [production.get("/").status for _ in range(10)]
    assert statuses == [200] * 10


def request_while_the_articles_table_is_locked(production, path, *, kill: bool):
    """GET ``path`` while this test holds a lock the page needs; kill its connection once it waits, if asked."""
    result = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE articles_article IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        client = threading.Thread(target=lambda: result.update(response=production.get(path)))
        client.start()
        if kill:
            deadline = time.monotonic() + STATEMENT_TIMEOUT_MS / 1000
            while not terminate_other_backends(only_waiting_for_a_lock=True):
                if time.monotonic() > deadline:
                    pytest.fail(f"the request never waited for the lock:\n{production.log.read_text()[-3000:]}")
                time.sleep(0.02)
        client.join(timeout=60)
    return result["response"], time.monotonic() - started


def test_a_request_whose_connection_dies_under_it_answers_503_and_the_next_one_200(production):
    story = make_article()
    response, _ = request_while_the_articles_table_is_locked(production, story.get_absolute_url(), kill=True)
    assert response.status == 503
    assert response.getheader("Retry-After")
    assert "briefly unavailable" in response.body.decode()
    assert [production.get(story.get_absolute_url()).status for _ in range(4)] == [200] * 4


def test_a_query_cancelled_by_the_web_statement_timeout_answers_503(production):
    story = make_article()
    response, seconds = request_while_the_articles_table_is_locked(production, story.get_absolute_url(), kill=False)
    assert response.status == 503
    assert STATEMENT_TIMEOUT_MS / 1000 <= seconds < 60
    assert production.get(story.get_absolute_url()).status == 200


def test_management_commands_have_no_statement_timeout(production, tmp_path):
    env = production_environment(tmp_path, free_port(), WEB_STATEMENT_TIMEOUT_MS=str(STATEMENT_TIMEOUT_MS))
    show = "from django.db import connection; c = connection.cursor(); c.execute('SHOW statement_timeout'); "
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", show + "print(c.fetchone()[0])"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0"


def test_killing_connections_under_load_never_answers_500(production):
    stories = [make_article() for _ in range(3)]
    paths = ["/", *[story.get_absolute_url() for story in stories]]
    statuses: list[int] = []
    stop = threading.Event()

    def reader(offset: int):
        n = offset
        while not stop.is_set():
            statuses.append(production.get(paths[n % len(paths)]).status)
            n += 1

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in readers:
        thread.start()
    killed = 0
    for _ in range(8):
        time.sleep(0.3)
        killed += terminate_other_backends()
    stop.set()
    for thread in readers:
        thread.join(timeout=30)
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert statuses.count(503) <= killed  # at most the request in flight on each killed connection
    assert statuses.count(200) > 8
