"""Under the site's Content-Security-Policy, the admin and the reader's pages run without a single violation.

Chromium reports each refused inline script or style on the console and as a
``securitypolicyviolation`` event; the test collects both on every page.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Provenance
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched_page(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(LISTEN_FOR_VIOLATIONS)

    def violations():
        """What was refused since the last call: this page's events, and the console's messages."""
        events = page.evaluate("window.__cspViolations || []")
        logged = [text for text in messages if "Content Security Policy" in text]
        messages.clear()
        return events + logged

    page.violations = violations
    return page


def test_the_admin_and_the_readers_pages_log_no_csp_violation(watched_page, live_server):
    page = watched_page
    User.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    author = make_author("Manar al-Freih")
    make_author("Manar Freih")  # a second author, so that the merge action has two to merge
    target = make_article("Volunteers catalogue rare manuscripts")
    story = make_article("Museum reopens its eastern wing", authors=[author], places=["Damascus"])
    make_link(story, title=target.headline, target=target)
    story.headline = "Museum reopens its eastern wing to visitors"
    story.save()
    provenance = Provenance.objects.create(article=story, source="upload.txt", raw="line one\nline two", checksum="0")

    visited = {}
    for path in [reverse("articles:home"), story.get_absolute_url(), author.get_absolute_url(), "/no/such/page/"]:
        page.goto(live_server.url + path)
        visited[path] = page.violations()

    page.goto(f"{live_server.url}/admin/")
    visited["login"] = page.violations()
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    history = story.history.order_by("history_id").first()
    for path in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_article_simple_history", args=[story.pk, history.history_id]),
        reverse("admin:articles_provenance_change", args=[provenance.pk]),
        reverse("admin:articles_author_changelist"),
        reverse("admin-import"),
        reverse("admin:axes_accessattempt_changelist"),
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        visited[path] = page.violations()

    # An action's confirmation page, reached by the admin's own JavaScript checkboxes.
    page.goto(live_server.url + reverse("admin:articles_author_changelist"))
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("merge")
    page.locator("button[name=index]").first.click()
    page.get_by_text("Keep which author?").wait_for()
    visited["merge"] = page.violations()

    failures = {path: found for path, found in visited.items() if found}
    assert not failures, "\n".join(f"{path}: {found}" for path, found in failures.items())
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # the page's styles did load
