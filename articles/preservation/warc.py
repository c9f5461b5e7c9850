"""``manage.py export --warc``: the public site as it stands, as WARC files a Wayback machine can replay.

Pages are rendered in-process through Django's test ``Client`` (the full middleware
stack, no network, no server), so what is archived is byte for byte what a reader
is served: stories (every non-draft story, from the database, so none is missed
even if no page links to it), tombstones, and everything reachable by links from
the home page, ``robots.txt`` and the sitemaps and feeds when the site has them
(lists, archives, author, section, tag and place pages, feeds, CSS). Redirects are
archived as redirects. Admin pages are not public and are not followed.

Records are written with ``warcio`` (gzip per record, the form pywb reads) into
files of at most ``MAX_WARC_BYTES``, then indexed with ``cdxj-indexer`` into a
sorted ``index.cdxj``: copy the folder into a pywb collection (``wb-manager add``)
or point any CDXJ-aware replay tool at it.
"""

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils.encoding import iri_to_uri
from tqdm import tqdm

from ..models import Article, Tombstone

MAX_WARC_BYTES = 1 << 30
SEEDS = ["/", "/robots.txt", "/sitemap.xml"]
NOT_PUBLIC = ("/admin/",)
_LINKS = re.compile(rb"""(?:href|src)\s*=\s*["']([^"'#]+)""")
_XML_LOCS = re.compile(rb"<(?:loc|link)>\s*([^<\s]+)\s*</(?:loc|link)>|<link[^>]+href=\"([^\"]+)\"")


@dataclass
class WarcReport:
    files: list[Path] = field(default_factory=list)
    index: Path | None = None
    records: int = 0
    stories: int = 0


class _RotatingWriter:
    """WARC files of bounded size: newsroom-00000.warc.gz, newsroom-00001.warc.gz, ..."""

    def __init__(self, folder: Path, info: dict):
        self.folder = folder
        self.info = info
        self.files: list[Path] = []
        self._stream = None
        self._writer = None

    def _open(self):
        from warcio.warcwriter import WARCWriter

        if self._stream:
            self._stream.close()
        path = self.folder / f"newsroom-{len(self.files):05d}.warc.gz"
        self.files.append(path)
        self._stream = path.open("wb")
        self._writer = WARCWriter(self._stream, gzip=True)
        self._writer.write_record(self._writer.create_warcinfo_record(path.name, self.info))

    def write(self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        if self._writer is None or self._stream.tell() > MAX_WARC_BYTES:
            self._open()
        http_headers = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http_headers)
        self._writer.write_record(record)

    def close(self):
        if self._stream:
            self._stream.close()


def _story_paths() -> Iterator[str]:
    """Every public story's address and every tombstone's, streamed from the database in id order."""
    articles = Article.objects.exclude(status=Article.Status.DRAFT).order_by("pk").values_list("pk", "slug")
    for pk, slug in articles.iterator(chunk_size=2000):
        yield iri_to_uri(f"/stories/{pk}/{slug}/")  # as reverse() writes it, so a linked story is not seen twice
    for pk, slug in Tombstone.objects.order_by("pk").values_list("pk", "slug").iterator(chunk_size=2000):
        yield iri_to_uri(f"/stories/{pk}/{slug}/")


def _is_public_path(path: str) -> bool:
    if not path.startswith("/") or path.startswith(NOT_PUBLIC) or "\x00" in path:
        return False
    if path.startswith("/static/"):
        return True
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return True


def _links(body: bytes, content_type: str, page: str, host: str) -> Iterator[str]:
    """Same-site addresses a page links to, as paths with their query."""
    if "html" in content_type:
        found = (m.group(1) for m in _LINKS.finditer(body))
    elif "xml" in content_type or content_type.startswith("text/plain"):
        found = (m.group(1) or m.group(2) for m in _XML_LOCS.finditer(body))
        if content_type.startswith("text/plain"):  # robots.txt: "Sitemap: https://host/sitemap.xml"
            found = (m.group(1) for m in re.finditer(rb"(?im)^sitemap:\s*(\S+)", body))
    else:
        return
    for raw in found:
        link = urljoin(page, raw.decode("utf-8", "replace").replace("&amp;", "&"))
        parts = urlsplit(link)
        if parts.netloc and parts.netloc != host:
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def export_warc(dest: Path, *, base_url: str, progress: bool = False) -> WarcReport:
    """Render the public site into WARC files under the new folder ``dest``, with a CDXJ index."""
    from cdxj_indexer.main import write_cdx_index

    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} already exists and is not empty; --warc writes a new folder.")
    base = urlsplit(base_url)
    if base.scheme not in {"http", "https"} or not base.netloc:
        raise ValueError(f"--base-url {base_url!r}: give the site's address, e.g. https://archive.example.org")
    dest.mkdir(parents=True, exist_ok=True)
    host = base.netloc
    origin = f"{base.scheme}://{host}"
    writer = _RotatingWriter(
        dest, {"software": "newsroom manage.py export --warc", "format": "WARC File Format 1.1", "isPartOf": origin}
    )
    report = WarcReport()
    client = Client(HTTP_HOST=host, secure=base.scheme == "https")
    seen: set[str] = set()
    bar = tqdm(unit=" pages", disable=not progress, dynamic_ncols=True)

    def archive(path: str) -> list[str]:
        """Render ``path`` into the WARC; return the addresses it leads to."""
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = [(name, value) for name, value in response.items()]
        writer.write(origin + path, response.status_code, response.reason_phrase, headers, body)
        report.records += 1
        bar.update(1)
        if response.status_code in {301, 302, 307, 308}:
            return [response["Location"]]
        if response.status_code != 200:
            return []
        return list(_links(body, response.get("Content-Type", ""), origin + path, host))

    try:
        # Rendered as the site itself would be served at base_url, whatever ALLOWED_HOSTS the shell has.
        with override_settings(ALLOWED_HOSTS=[host.split(":")[0]]):
            queue = deque(SEEDS)
            while queue:
                path = queue.popleft()
                if path in seen or not _is_public_path(path):
                    continue
                seen.add(path)
                queue.extend(link for link in archive(path) if link not in seen)
            for path in _story_paths():
                report.stories += 1
                if path not in seen:
                    seen.add(path)
                    archive(path)
    finally:
        writer.close()
        bar.close()
    report.files = writer.files
    report.index = dest / "index.cdxj"
    write_cdx_index(str(report.index), [str(p) for p in writer.files], {"sort": True})
    (dest / "README.txt").write_text(
        f"The public site of {origin} as it stood on {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC, written by "
        "newsroom's manage.py export --warc.\n"
        f"{report.records} responses in {len(writer.files)} WARC file(s); index.cdxj is their CDXJ index.\n"
        "Replay with pywb: wb-manager init newsroom && wb-manager add newsroom *.warc.gz && wayback\n",
        encoding="utf-8",
    )
    return report
