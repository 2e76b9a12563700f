import json
import sys

from django.core.management.base import BaseCommand, CommandError

from cms import wards
from directives.citations import find_citations


class Command(BaseCommand):
    help = (
        "Đọc văn bản từ stdin, in mỗi văn bản được trích dẫn thành một dòng JSON: "
        "text, doc_type, number, issuer, resolved, url."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            metavar="HOST",
            help="tìm văn bản trên cổng của phường này (mặc định: cổng mặc định)",
        )

    def handle(self, site=None, **options):
        ward = None
        if site:
            ward = wards.ward_for_host(site)
            if ward is None:
                raise CommandError(f"Không có phường nào ở địa chỉ “{site}”.")
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        for citation in find_citations(text, site=ward):
            line = json.dumps(citation.as_json(), ensure_ascii=False)
            sys.stdout.buffer.write(line.encode("utf-8") + b"\n")
        sys.stdout.flush()
