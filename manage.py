#!/usr/bin/env python
import os
import signal
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # A terminated command exits like an interrupted one, running its exit handlers:
    # the embedded PostgreSQL server (used when DATABASE_URL is unset) stops in one.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
