"""Test settings: the real settings, with what slows tests down taken out."""

from .settings import *  # noqa: F403

# A deliberately weak hasher: tests make users, and PBKDF2 would dominate their time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Every request reads the archive's version: a test's bulk update (no signal) shows on its next request.
PAGE_CACHE_VERSION_SECONDS = 0
