from django.core.management.base import BaseCommand

from cms import wards
from directives.importing import ImportBusy, ImportLineError, import_file
from search import indexing


class Command(BaseCommand):
    help = "Nhập văn bản, thông báo, tin tức từ tệp JSON Lines (xem INTERFACES.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .jsonl, mỗi dòng một văn bản")
        parser.add_argument(
            "--dry-run", action="store_true", help="kiểm tra và báo cáo, không ghi gì"
        )
        parser.add_argument(
            "--site",
            metavar="HOST",
            help="tên miền của phường nhận văn bản (mặc định: cổng thông tin mặc định)",
        )

    def handle(self, file, dry_run, site=None, **options):
        target = None
        if site:
            target = wards.ward_for_host(site)
            if target is None:
                known = (
                    ", ".join(f"{s.hostname}:{s.port}" for s in wards.ward_sites())
                    or "chưa có"
                )
                self.stderr.write(
                    f"Không có phường nào ở địa chỉ “{site}” (các phường: {known})."
                )
                raise SystemExit(1)

        def waiting():
            self.stderr.write("Đang có một lượt nhập khác, đang chờ…")

        try:
            report = import_file(file, dry_run=dry_run, on_wait=waiting, site=target)
        except (ImportLineError, ImportBusy) as exc:
            self.stderr.write(str(exc))
            raise SystemExit(1) from exc
        if dry_run:
            pass  # nothing was written
        elif report.indexed_by_worker:
            # The worker fills both search indexes from the committed rows
            # (and, with them, whatever an earlier import killed after its
            # commit left in the outbox), on the other core, now.
            self.stdout.write(
                "Chỉ mục tìm kiếm đang được cập nhật bởi tiến trình chạy nền "
                "(Cài đặt → Việc chạy nền)."
            )
        else:
            # What an earlier import killed after its commit left in the
            # search outbox is applied now, even if nothing changed this time.
            indexing.drain(wait=indexing.COMMAND_WAIT)
        for warning in report.warnings:
            self.stderr.write(warning)
        self.stdout.write(report.summary())
