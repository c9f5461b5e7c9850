"""The client's address, for login throttling: REMOTE_ADDR, or behind our own TLS proxy the address it saw."""

from django.conf import settings


def client_ip_address(request) -> str | None:
    if settings.BEHIND_PROXY:
        # The proxy appends the address it saw to whatever the client sent: only the last entry is trusted.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
