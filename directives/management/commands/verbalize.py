import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from directives.loudspeaker import verbalize
from directives.models import Abbreviation


class Command(BaseCommand):
    help = "Đọc văn bản từ stdin, in ra cách đọc trên loa (mọi số, ngày, ký hiệu)."

    def handle(self, **options):
        try:
            abbreviations = Abbreviation.as_dict()
        except DatabaseError:
            abbreviations = {}  # no database yet: the shipped dictionary only
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        out = "\n".join(
            verbalize(line, abbreviations=abbreviations) for line in text.split("\n")
        )
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
