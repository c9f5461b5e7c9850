"""Log filters for the LOGGING setting (newsroom/settings.py)."""

import logging


class RoutineRefusal(logging.Filter):
    """A refusal that is routine internet noise, not a fault: one warning line, without its traceback.

    Django logs a request with a Host header not in ALLOWED_HOSTS (scanners send any) at ERROR with the
    DisallowedHost's traceback, through django.security.DisallowedHost; it is still answered 400.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = record.stack_info = None
        return logging.getLogger(record.name).isEnabledFor(record.levelno)
