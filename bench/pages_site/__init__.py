"""The server bench/pages.py measures: the project plus a minimal view (out of bench/*.py, which make bench runs)."""
