"""`ocop manage backup <folder> [--keep N]`: the database, then the files its rows name (archive.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.backup.archive import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên / back up the database and the uploaded files"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="thư mục chứa các bản sao lưu / where backups go")
        parser.add_argument("--keep", type=int, help="giữ N bản mới nhất / keep the newest N backups")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup(options["folder"], keep=options.get("keep"))
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"{report.path}: cơ sở dữ liệu và {report.files} tệp / database and {report.files} files"
        )
        if report.unreferenced:
            self.stdout.write(
                f"{report.unreferenced} tệp không thuộc dòng nào của cơ sở dữ liệu, không chép / "
                "files no row names, not copied"
            )
        for path in report.removed:
            self.stdout.write(f"đã xóa bản cũ / removed {path}")
        if report.problems:
            raise CommandError(
                "\n".join(["Bản sao lưu có vấn đề / the backup has problems:", *report.problems])
            )
