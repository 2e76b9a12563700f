import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from cms.feedback import figures

WRITERS = {"csv": figures.as_csv, "xlsx": figures.as_xlsx}


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày “{text}” không đúng dạng YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Thống kê góp ý của người dân theo tháng (tiếp nhận, trả lời đúng hạn, "
        "quá hạn, theo loại và tổ dân phố), ghi ra tệp CSV hoặc XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", default="csv", choices=sorted(WRITERS))
        parser.add_argument("--out", required=True, type=Path, help="tệp ghi ra")
        parser.add_argument(
            "--site", type=int, help="mã cổng thông tin (mặc định: tất cả)"
        )

    def handle(self, start, end, format, out, site, **options):
        start, end = day(start), day(end)
        if end < start:
            raise CommandError("Ngày kết thúc phải sau ngày bắt đầu.")
        chosen = None
        if site is not None:
            chosen = Site.objects.filter(pk=site).first()
            if chosen is None:
                raise CommandError(f"Không có cổng thông tin mã {site}.")
        rows = figures.monthly_figures(start, end, chosen)
        out.write_bytes(WRITERS[format](rows))
        received = sum(row.received for row in rows)
        self.stdout.write(
            f"{out}: {len(rows)} tháng, {received} góp ý tiếp nhận "
            f"({start:%d/%m/%Y}–{end:%d/%m/%Y})."
        )
