import json
import sys

from django.core.management.base import BaseCommand

from directives.citations import find_citations


class Command(BaseCommand):
    help = (
        "Đọc văn bản từ stdin, in mỗi văn bản được trích dẫn thành một dòng JSON: "
        "text, doc_type, number, issuer, resolved, url."
    )

    def handle(self, **options):
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        for citation in find_citations(text):
            line = json.dumps(citation.as_json(), ensure_ascii=False)
            sys.stdout.buffer.write(line.encode("utf-8") + b"\n")
        sys.stdout.flush()
