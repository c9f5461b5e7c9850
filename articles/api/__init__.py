"""The read-only JSON API for syndication partners, under /api/v1/.

Plain Django views (views.py) that answer JSON (responses.py, and middleware.py
for CORS), the stories list's filters with django-filter (filters.py), paging
by position on the list indexes (sources.py), and what each object looks like
(representation.py). The contract is the OpenAPI 3.1 document in schema.py,
served at /api/v1/openapi.json; the tests validate every response against it.
"""
