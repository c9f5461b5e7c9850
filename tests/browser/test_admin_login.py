"""An editor logs into the admin through its form and opens the stories."""

import pytest
from django.contrib.auth.models import User

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_superuser_logs_in_and_opens_a_story(page, live_server):
    User.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    story = make_article("Museum reopens its eastern wing")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name="Museum reopens its eastern wing").click()
    page.wait_for_url(f"**/admin/articles/article/{story.pk}/change/")
    assert page.locator("#id_headline").input_value() == "Museum reopens its eastern wing"
    assert page.get_by_role("link", name="Import stories").count() == 0  # that link is on the list, not here
