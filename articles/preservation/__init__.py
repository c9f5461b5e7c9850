"""Preservation: the archive's way out of its database, and the proofs that nothing was lost.

- ``schema``: what an export holds, file by file and field by field (versioned).
- ``export``: ``manage.py export``, the archive as JSON Lines with a manifest of SHA-256s.
- ``archive_import``: ``manage.py import_archive``, the same archive rebuilt in an empty database.
- ``checksum`` and ``seal``: every story's content fingerprint, and what keeps it current on every write.
- ``verify``: ``manage.py verify``, every fingerprint recomputed and compared.
- ``tombstones``: a deleted story's addresses answer 410, never 404.
- ``warc``: ``manage.py export --warc``, the public site as WARC files with a CDXJ index.
"""
