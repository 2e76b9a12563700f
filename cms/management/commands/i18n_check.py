"""`manage.py i18n_check`: how much of the Wagtail admin speaks Vietnamese
(`cms.i18n`); exit status 1 below the threshold or on a placeholder mismatch."""

from django.core.management.base import BaseCommand, CommandError

from cms.i18n import DOMAINS, THRESHOLD, report, report_lines


class Command(BaseCommand):
    help = (
        "Tỷ lệ thông điệp quản trị Wagtail đã dịch sang tiếng Việt, theo từng miền "
        "(django, djangojs); liệt kê chuỗi chưa dịch và lỗi biến/thẻ HTML. "
        "Thoát với mã 1 nếu dưới ngưỡng hoặc có lỗi biến."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", default="vi")
        parser.add_argument(
            "--threshold",
            type=float,
            default=THRESHOLD,
            help="minimum share of translated messages (default 0.95)",
        )

    def handle(self, *, language, threshold, **options):
        results = [report(domain, language) for domain in DOMAINS]
        for result in results:
            self.stdout.write("\n".join(report_lines(result, language)))
        failed = [r.domain for r in results if not r.ok(threshold)]
        if failed:
            raise CommandError(
                f"i18n check failed for {', '.join(failed)}: coverage below "
                f"{threshold:.0%} or placeholder mismatch"
            )
