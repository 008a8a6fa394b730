"""Backup and restore of a whole installation: the database, the media files, and a manifest.

A backup is one folder:
  database.dump      pg_dump --format=custom (PostgreSQL), or database.sqlite3 (SQLite's backup API)
  media.tar.gz       every file under MEDIA_ROOT (minutas, evidence, photos)
  manifest.json      SHA-256 of both archives and of every media file, and the row count of every
                     table, all taken from one database snapshot

`restore` refuses a folder whose archives do not match the manifest, restores both, then checks
every count and every file's hash against the manifest and says what differs.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (Django's and the apps')."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, dict]:
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = {
                "sha256": sha256_file(path), "size": path.stat().st_size}
    return files


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args + ["--no-password"]


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _check_local_media() -> Path:
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        raise BackupError(f"Media are in {backend}: back them up with the object store's own "
                          "tools (versioning, replication); this command archives MEDIA_ROOT only.")
    return Path(settings.MEDIA_ROOT)


@dataclass
class RestoreReport:
    count_mismatches: dict = field(default_factory=dict)  # table -> (expected, found)
    file_mismatches: list = field(default_factory=list)  # relative paths missing or altered

    @property
    def ok(self) -> bool:
        return not self.count_mismatches and not self.file_mismatches


def backup_create(*, output_dir: Path) -> Path:
    """Write a backup folder under output_dir and return its path."""
    media_root = _check_local_media()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    target = Path(output_dir) / f"acuerdos-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    db = connection.settings_dict
    vendor = connection.vendor
    if vendor == "postgresql":
        database_file = target / "database.dump"
        env, args = _pg_env_and_args(db)
        # The counts and the dump see the same snapshot, even while people keep working.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts = table_counts()
            _run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={database_file}", "--dbname", db["NAME"]], env)
    elif vendor == "sqlite":
        database_file = target / "database.sqlite3"
        counts = table_counts()
        connection.ensure_connection()
        with sqlite3.connect(database_file) as copy:
            connection.connection.backup(copy)  # a consistent copy of the live file
        copy.close()
    else:
        raise BackupError(f"Database {vendor} is not supported (PostgreSQL or SQLite).")
    files = media_files(media_root)
    with tarfile.open(target / MEDIA_ARCHIVE, "w:gz") as tar:
        for relative in files:
            tar.add(media_root / relative, arcname=relative, recursive=False)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": database_file.name,
                     "sha256": sha256_file(database_file)},
        "media_archive": {"file": MEDIA_ARCHIVE, "sha256": sha256_file(target / MEDIA_ARCHIVE)},
        "tables": counts,
        "media": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return target


def read_manifest(source: Path) -> dict:
    """The manifest of a backup folder, after checking both archives against it."""
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} has no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for part in ("database", "media_archive"):
        path = Path(source) / manifest[part]["file"]
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if sha256_file(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path} does not match the SHA-256 of the manifest: "
                              "the backup is damaged or was altered. Nothing was restored.")
    return manifest


def backup_restore(*, source: Path) -> RestoreReport:
    """Replace the database and the media files with those of a backup folder, then verify."""
    source = Path(source)
    manifest = read_manifest(source)
    media_root = _check_local_media()
    vendor = connection.vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"The backup is of a {manifest['database']['vendor']} database; "
                          f"this installation uses {vendor}.")
    database_file = source / manifest["database"]["file"]
    db = connection.settings_dict
    if vendor == "postgresql":
        connections.close_all()  # pg_restore drops the tables: no open transaction may hold them
        env, args = _pg_env_and_args(db)
        # One transaction: a failed restore leaves the database as it was.
        _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", "--dbname", db["NAME"],
              str(database_file)], env)
    else:
        # Page by page into Django's own connection (a file, or the tests' in-memory database).
        connection.ensure_connection()
        with sqlite3.connect(database_file) as backup:
            backup.backup(connection.connection)
        backup.close()
    _restore_media(source / MEDIA_ARCHIVE, media_root)
    return verify(manifest=manifest, media_root=media_root)


def _restore_media(archive: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpack beside MEDIA_ROOT, then move the files in: an interrupted unpack leaves no half file.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as tmp:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")  # no absolute paths, links or ".." out of tmp
        for path in sorted(Path(tmp).rglob("*")):
            if path.is_file():
                destination = media_root / path.relative_to(tmp)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, destination)


def verify(*, manifest: dict, media_root: Path) -> RestoreReport:
    report = RestoreReport()
    found = table_counts()
    for table, expected in manifest["tables"].items():
        if found.get(table) != expected:
            report.count_mismatches[table] = (expected, found.get(table))
    for relative, meta in manifest["media"].items():
        path = media_root / relative
        if not path.is_file() or sha256_file(path) != meta["sha256"]:
            report.file_mismatches.append(relative)
    return report

