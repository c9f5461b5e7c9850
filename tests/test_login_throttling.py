"""The admin's login is throttled per user and address (django-axes); lockouts are logged and editors can lift them."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "a-long-password-1"


@pytest.fixture
def chief():
    return User.objects.create_superuser("chief", "chief@example.org", PASSWORD)


def log_in(username: str, password: str, *, address: str = "192.0.2.1", **headers) -> int:
    """One login through the admin's form, from a fresh browser; its status (302 is a success)."""
    response = Client().post(
        LOGIN + "?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )
    return response.status_code


def test_five_failures_lock_the_user_out_from_that_address_even_with_the_right_password(chief, caplog):
    axes_logger = logging.getLogger("axes")  # it does not propagate (settings.LOGGING): listen to it directly
    axes_logger.addHandler(caplog.handler)
    try:
        statuses = [log_in("chief", f"wrong-{n}") for n in range(5)]
    finally:
        axes_logger.removeHandler(caplog.handler)
    assert statuses == [200, 200, 200, 200, 429]
    assert log_in("chief", PASSWORD) == 429
    assert any("Locking out" in record.getMessage() for record in caplog.records), "the lockout is not logged"

    assert log_in("chief", PASSWORD, address="192.0.2.99") == 302  # another address: the same user may log in
    User.objects.create_user("lina", password=PASSWORD, is_staff=True)
    assert log_in("lina", PASSWORD) == 302  # the same address: another user may log in


def test_fewer_failures_then_the_right_password_logs_in_and_starts_the_count_again(chief):
    assert [log_in("chief", "wrong") for _ in range(4)] == [200] * 4
    assert log_in("chief", PASSWORD) == 302
    assert [log_in("chief", "wrong") for _ in range(4)] == [200] * 4


def test_an_editor_unlocks_a_locked_out_login_from_the_admin(chief, editor_client):
    for _ in range(5):
        log_in("chief", "wrong")
    assert log_in("chief", PASSWORD) == 429

    changelist = reverse("admin:axes_accessattempt_changelist")
    listing = editor_client.get(changelist)
    assert listing.status_code == 200 and "chief" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="chief")
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302

    assert log_in("chief", PASSWORD) == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(chief, settings):
    settings.BEHIND_PROXY = True
    proxy = "10.0.0.1"
    for _ in range(5):
        log_in("chief", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert log_in("chief", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7") == 429
    # A client cannot escape by claiming another address: only the proxy's last entry counts.
    assert log_in("chief", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7") == 429
    assert log_in("chief", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8") == 302
