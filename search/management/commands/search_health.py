import json

from django.core.management.base import BaseCommand, CommandError

from search import health


class Command(BaseCommand):
    help = (
        "Kiểm tra chỉ mục tìm kiếm so với cơ sở dữ liệu, từng trang một "
        "(thiếu, thừa, cũ) và các cập nhật còn chờ. --retry áp dụng các cập "
        "nhật đang chờ; --repair áp dụng chúng, xây lại chỉ mục nếu hỏng hoặc "
        "mất, và lập chỉ mục lại mọi trang sai lệch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry", action="store_true", help="áp dụng các cập nhật đang chờ"
        )
        parser.add_argument(
            "--repair", action="store_true", help="sửa mọi sai lệch tìm thấy"
        )
        parser.add_argument(
            "--quiet", action="store_true", help="chỉ in khi có sai lệch"
        )

    def handle(self, *args, retry=False, repair=False, quiet=False, **options):
        report = health.check(retry=retry, repair=repair)
        if not (quiet and report["ok"] and not report["repaired"]):
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if not report["ok"]:
            raise CommandError(
                "chỉ mục tìm kiếm không khớp cơ sở dữ liệu"
                + ("" if repair else ": chạy lại với --repair để sửa")
            )
