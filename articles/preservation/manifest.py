"""manifest.json: what an export holds, and the SHA-256 that proves each file arrived whole.

The manifest is written last, after every file is closed; an export without one
was interrupted. ``check_export`` is what the importer runs before it reads a
line: every listed file present with its size and SHA-256, nothing missing, the
schema version one this code knows.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .schema import FORMAT, KNOWN_VERSIONS

MANIFEST = "manifest.json"
READ_BLOCK = 1 << 20


class ExportInvalid(Exception):
    """The export cannot be trusted as it is: the message says which file and why."""


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of ``path``, read in blocks (exports are large)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(READ_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class HashingWriter:
    """A binary file that counts lines and hashes what is written as it goes (one pass, flat memory)."""

    def __init__(self, path: Path):
        self.path = path
        self._file = path.open("wb")
        self._digest = hashlib.sha256()
        self.size = 0
        self.lines = 0

    def write(self, data) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._file.write(data)
        self._digest.update(data)
        self.size += len(data)
        self.lines += data.count(b"\n")
        return len(data)

    def close(self) -> dict:
        self._file.close()
        return {"sha256": self._digest.hexdigest(), "bytes": self.size, "records": self.lines}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self._file.closed:
            self._file.close()


def write_manifest(folder: Path, manifest: dict) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


@dataclass
class CheckedExport:
    folder: Path
    manifest: dict

    @property
    def is_full(self) -> bool:
        return self.manifest.get("scope", {}).get("kind") == "full"


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise ExportInvalid(
            f"{path}: no manifest.json. An export writes it last, so this one is partial or not an export."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportInvalid(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExportInvalid(f"{path}: not a {FORMAT} manifest")
    if manifest.get("schema_version") not in KNOWN_VERSIONS:
        raise ExportInvalid(
            f"{path}: schema version {manifest.get('schema_version')!r}; this code reads versions "
            f"{', '.join(map(str, sorted(KNOWN_VERSIONS)))}. Import it with the version of newsroom that wrote it."
        )
    if not isinstance(manifest.get("files"), dict):
        raise ExportInvalid(f"{path}: no list of files")
    return manifest


def check_export(folder: Path, *, required: list[str]) -> CheckedExport:
    """Refuse a tampered, truncated or partial export before anything is read from it."""
    manifest = read_manifest(folder)
    files = manifest["files"]
    problems = [f"{name}: listed as required but not in the manifest" for name in required if name not in files]
    for name, expected in sorted(files.items()):
        path = folder / name
        if Path(name).name != name:
            problems.append(f"{name}: a file name with a folder in it is not allowed")
            continue
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        digest, size = file_digest(path)
        if size != expected.get("bytes"):
            problems.append(f"{name}: {size} bytes where the manifest says {expected.get('bytes')} (truncated?)")
        elif digest != expected.get("sha256"):
            problems.append(f"{name}: SHA-256 {digest} where the manifest says {expected.get('sha256')} (altered)")
    if problems:
        raise ExportInvalid(f"{folder} does not match its manifest:\n  " + "\n  ".join(problems))
    return CheckedExport(folder=folder, manifest=manifest)
