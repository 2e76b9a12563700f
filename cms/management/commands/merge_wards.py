"""`manage.py merge_wards --from HOST --into HOST [--dry-run]`: one ward
into another, every old address answering 301 (cms/ward_merge.py)."""

from django.core.management.base import BaseCommand, CommandError

from cms import ward_merge


class Command(BaseCommand):
    help = (
        "Sáp nhập một phường vào phường khác: chuyển trang, người dùng, góp ý, "
        "ảnh và tài liệu; mọi địa chỉ cũ chuyển hướng 301 sang chỗ mới. "
        "Chạy thử trước với --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="from_host",
            required=True,
            help="tên miền của phường được sáp nhập",
        )
        parser.add_argument(
            "--into", dest="into_host", required=True, help="tên miền của phường nhận"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ in những gì sẽ làm, không ghi gì",
        )

    def handle(self, from_host, into_host, dry_run, **options):
        try:
            report = ward_merge.merge_wards(from_host, into_host, dry_run=dry_run)
        except ward_merge.MergeError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines:
            self.stdout.write(line)
