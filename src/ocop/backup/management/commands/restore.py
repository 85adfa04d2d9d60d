"""`ocop manage restore <backup> --database-url URL --media-root DIR`, or `--check` only (archive.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.backup.archive import BackupError, check, restore


class Command(BaseCommand):
    help = "Phục hồi bản sao lưu vào cơ sở dữ liệu mới / restore a backup into a new database"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="thư mục bản sao lưu / the backup folder")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra mã / only verify checksums")
        parser.add_argument("--database-url", help="cơ sở dữ liệu mới / the new database (must not exist)")
        parser.add_argument("--media-root", type=Path, help="thư mục tệp mới, trống / an empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                manifest = check(options["backup"])
                self.stdout.write(
                    f"Mọi mã kiểm tra khớp / every checksum matches: {len(manifest['files'])} tệp"
                )
                return
            if not options.get("database_url") or not options.get("media_root"):
                raise CommandError("Cần --database-url và --media-root / both are required")
            report = restore(options["backup"], options["database_url"], options["media_root"])
        except BackupError as e:
            raise CommandError(str(e)) from None
        if report.problems:
            raise CommandError(
                "\n".join(["Phục hồi có vấn đề / the restore has problems:", *report.problems])
            )
        self.stdout.write(
            f"Đã phục hồi; {report.files} tệp mà cơ sở dữ liệu nhắc tới đều có, đúng mã / restored; every "
            f"one of the {report.files} files the database names is there with its checksum"
        )
