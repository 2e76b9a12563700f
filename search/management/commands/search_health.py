import json

from django.core.management.base import BaseCommand, CommandError

from search import health


class Command(BaseCommand):
    help = (
        "Kiểm tra chỉ mục tìm kiếm: số tài liệu so với cơ sở dữ liệu, "
        "các cập nhật còn chờ; --retry chạy lại các cập nhật lỗi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true")

    def handle(self, *args, retry=False, **options):
        report = health.check(retry=retry)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if not report["ok"]:
            raise CommandError("chỉ mục tìm kiếm không khớp cơ sở dữ liệu")
