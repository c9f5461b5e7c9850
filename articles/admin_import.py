"""The admin's "Import stories" page: upload files or a zip, preview what would change, then confirm.

Uploads are refused over ``NEWSROOM_MAX_UPLOAD_BYTES`` before they are read:
first by the request's declared length, then by an upload handler that counts
bytes as they stream to disk (a client may not declare a length). That needs
the upload handlers set before CSRF reads the body, so the view is exempt and
checks CSRF itself once they are in place, as Django's documentation shows.

Between preview and confirm the uploads wait in ``var/imports/<token>/``; the
confirm step ingests those very files, so what is written is what was previewed.
The folder lives no longer than that: it is removed when the confirm ends (well
or not), when the import is cancelled, when the preview fails, and when the
preview finds nothing to write.
Neither step answers 500: a file's problem is that file's error on the page, and
anything else is reported as a failed import with nothing written.
"""

import logging
import re
import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .ingest.formats import EXTENSIONS, FORMATS
from .ingest.pipeline import ingest, sources_from_paths
from .ingest.store import Outcome

logger = logging.getLogger(__name__)

IMPORTS_DIR = settings.VAR_DIR / "imports"
PREVIEW_STORIES_PER_FILE = 100
STALE_AFTER_SECONDS = 24 * 60 * 60
SESSION_KEY = "newsroom_import_token"
TOKEN_BYTES = 16
# What secrets.token_urlsafe(TOKEN_BYTES) makes: 22 characters of the URL-safe base64 alphabet.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}")
# A saved upload's name at most, before the ordering prefix: well under the 255 bytes a file system allows.
MAX_NAME_CHARS = 120
# Characters that reorder the text after them (embeddings, overrides, isolates, marks): in a name shown on the page
# "story\u202etxt.eml" reads "storylme.txt". Names and messages are shown without them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or super().clean(None)


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text=(
            "Plain-text stories (.txt), JSON Lines (.jsonl), WordPress exports, RSS/Atom feeds or NITF (.xml), "
            "or a .zip of them. "
            "Files of other kinds are skipped and listed."
        ),
    )
    format = forms.ChoiceField(
        choices=[("", "Detect from each file")] + [(f, f) for f in FORMATS], required=False, label="Format"
    )


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams uploads to temporary files and stops the upload once the total passes the limit."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


def _too_large_message(limit: int) -> str:
    return (
        f"The upload is larger than the {limit / 1024 / 1024:.0f} MB an import may be. Split it into several "
        "uploads, or ingest it on the server with `manage.py ingest` (which has no size limit)."
    )


def _remove_stale_imports() -> None:
    if not IMPORTS_DIR.exists():
        return
    for folder in IMPORTS_DIR.iterdir():
        if folder.is_dir() and time.time() - folder.stat().st_mtime > STALE_AFTER_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def _save_uploads(files) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    folder = IMPORTS_DIR / token
    folder.mkdir(parents=True)
    for index, upload in enumerate(files):
        # Prefix keeps two uploads of the same name apart and the upload order.
        with (folder / f"{index:04d}-{_safe_name(upload.name)}").open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return token


def _safe_name(name: str) -> str:
    """The upload's name as a file name of ours; one with nothing usable in it ("…", "..") keeps its extension.

    Cut to ``MAX_NAME_CHARS``, keeping the extension: a name of 300 letters reached the file system, which answered
    ENAMETOOLONG, and the whole upload was refused as "could not be previewed (OSError)".
    """
    try:
        safe = get_valid_filename(Path(name).name)
    except SuspiciousFileOperation:
        suffix = Path(name).suffix.lower()
        return f"upload{suffix if suffix in EXTENSIONS else ''}"
    if len(safe) <= MAX_NAME_CHARS:
        return safe
    suffix = Path(safe).suffix
    suffix = suffix if len(suffix) <= 16 else ""
    return safe[: MAX_NAME_CHARS - len(suffix)] + suffix


def _import_folder(token: str) -> Path | None:
    # Its shape first, as an unknown token: 5,000 letters reached the file system, which answered ENAMETOOLONG
    # (an OSError from is_dir, a 500), and isalnum() let other alphabets' letters through.
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    folder = IMPORTS_DIR / token
    return folder if folder.is_dir() else None


def _display_name(folder: Path, name: str) -> str:
    """Report names without the holding folder and the ordering prefix, nor bidi controls (see ``BIDI_CONTROLS``)."""
    relative = name.removeprefix(str(folder) + "/").translate(BIDI_CONTROLS)
    return relative[5:] if relative[:4].isdigit() and relative[4:5] == "-" else relative


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "title": "Import stories",
        "max_upload_mb": settings.NEWSROOM_MAX_UPLOAD_BYTES / 1024 / 1024,
        **extra,
    }


def _render(request, status=200, **extra):
    return TemplateResponse(request, "admin/articles/import.html", _context(request, **extra), status=status)


@csrf_exempt
def import_view(request):
    """The import page. Exempt from CSRF only until the upload handlers are set; see the module docstring."""
    if not request.user.is_active or not request.user.is_staff:
        return redirect(f"{reverse('admin:login')}?next={request.path}")
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            # Refused on the declared length: the body is never read.
            return _render(request, status=413, form=ImportForm(), upload_error=_too_large_message(limit))
        request.upload_handlers = [SizeLimitedUploadHandler(request, limit)]
    return csrf_protect(_import_view)(request)


def _import_view(request):
    if request.method != "POST":
        return _render(request, form=ImportForm())
    if request.POST.get("step") == "confirm":
        return _confirm(request)
    if request.POST.get("step") == "cancel":
        return _cancel(request)
    if getattr(request, "upload_too_large", False):
        limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
        return _render(request, status=413, form=ImportForm(), upload_error=_too_large_message(limit))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, status=400, form=form)
    _remove_stale_imports()
    folder = None
    try:
        token = _save_uploads(form.cleaned_data["files"])
        folder = IMPORTS_DIR / token
        response = _preview(request, form, token, folder)
        response.render()  # here, so that a failure to render is caught too
    except Exception as exc:
        logger.error("Import preview failed", exc_info=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        request.session.pop(SESSION_KEY, None)
        message = f"The import could not be previewed ({type(exc).__name__}); nothing was written. Please report this."
        return _render(request, status=422, form=ImportForm(), upload_error=message)
    return response


def _preview(request, form, token: str, folder: Path):
    # A file's stories are told before its result: each result takes the stories told since the one before.
    # (Keyed by name, two members of a zip named alike each showed both's stories, and a member named "a:b.txt"
    # none, its stories' source "…!a:b.txt:1" cut at the first colon.)
    rows: list = []
    previews: list[list] = []

    def on_story(story, outcome):
        if len(rows) < PREVIEW_STORIES_PER_FILE:
            rows.append((story, outcome))

    def on_file(result):
        previews.append(rows[:])
        rows.clear()

    report = ingest(
        sources_from_paths([str(folder)]),
        format=form.cleaned_data["format"] or None,
        dry_run=True,
        on_story=on_story,
        on_file=on_file,
    )
    files = [
        {
            "name": _display_name(folder, result.name),
            "result": result,
            "error": _shown(folder, result.error),
            "stories": stories,
        }
        for result, stories in zip(report.files, previews, strict=True)
    ]
    skipped = [{"name": _shown(folder, s.name), "reason": _shown(folder, s.reason)} for s in report.skipped]
    writes = report.count(Outcome.CREATED) + report.count(Outcome.UPDATED)
    if writes:
        request.session[SESSION_KEY] = token
    else:  # nothing to confirm: nothing waits
        shutil.rmtree(folder, ignore_errors=True)
        request.session.pop(SESSION_KEY, None)
    return _render(
        request,
        form=form,
        report=report,
        files=files,
        skipped=skipped,
        token=token if writes else "",
        format=form.cleaned_data["format"],
    )


def _shown(folder: Path, text: str) -> str:
    """A name or an error as the editor uploaded it: without our holding folder and ordering prefix."""
    return _display_name(folder, text.replace(str(folder) + "/", "").replace(str(folder), ""))


def _cancel(request):
    token = request.POST.get("token", "")
    folder = _import_folder(token)
    if folder is not None and request.session.get(SESSION_KEY) == token:
        shutil.rmtree(folder, ignore_errors=True)
        request.session.pop(SESSION_KEY, None)
    messages.info(request, "Import cancelled: nothing was written.")
    return redirect("admin-import")


def _confirm(request):
    token = request.POST.get("token", "")
    folder = _import_folder(token)
    if folder is None or request.session.get(SESSION_KEY) != token:
        messages.error(request, "That import is no longer waiting to be confirmed. Upload the files again.")
        return redirect("admin-import")
    request.session.pop(SESSION_KEY, None)
    try:
        fmt = request.POST.get("format") or None
        if fmt not in (None, *FORMATS):
            messages.error(request, f"Unknown format {fmt[:40]!r}. Upload the files again.")
            return redirect("admin-import")
        report = ingest(sources_from_paths([str(folder)]), format=fmt, user=request.user)
    except Exception as exc:
        logger.error("Import failed", exc_info=True)
        messages.error(
            request,
            f"The import stopped on an unexpected error ({type(exc).__name__}). Each file is written whole or not "
            "at all: see the story list for what arrived, and please report this.",
        )
        return redirect("admin-import")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for result in report.failed:
        messages.error(request, _shown(folder, result.error))
    for skipped in report.skipped:
        messages.warning(request, f"Skipped {_shown(folder, skipped.name)}: {_shown(folder, skipped.reason)}")
    level = messages.WARNING if report.failed else messages.SUCCESS
    messages.add_message(request, level, f"Import done. {report.summary()}")
    return redirect("admin:articles_article_changelist")
