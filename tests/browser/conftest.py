"""A real Chromium (Debian's, never a downloaded one) driven by Playwright against pytest-django's live server.

Without Chromium the browser tests are skipped on a developer's machine and
fail in CI (CI=true): a missing tool must never pass for a green run.
"""

import os
import shutil
import tempfile

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser_context():
    """One Chromium per test module, stopped when the module's tests are done.

    Playwright's sync API keeps an event loop running in this thread while it is
    open, and Django's guard then refuses any ORM call from the thread. The guard is
    lifted only while a browser is open, and the browser is closed at the end of
    each module, so no other test (nor a subprocess another test starts) runs with
    the guard lifted.
    """
    if not os.path.exists(CHROMIUM):
        message = "Chromium is not installed: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with (
        pytest.MonkeyPatch.context() as patch,
        tempfile.TemporaryDirectory() as profile,
        sync_playwright() as playwright,
    ):
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield context
        context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.close()
