"""Read (again) the text of the original files attached to directives and
notices, here and now rather than on the worker: `--page ID` for one page,
`--all` for every original, and with neither, the originals still waiting."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from directives.originals import (
    PAGE_TYPES,
    documents_to_read,
    request_reading,
    run_reading,
)
from directives.panels import METHODS, percent


class Command(BaseCommand):
    help = (
        "Đọc chữ trong bản gốc (PDF, ảnh chụp) của văn bản và thông báo: "
        "--page ID một trang, --all mọi bản gốc; không tham số: các bản gốc "
        "chưa đọc xong."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="đọc lại mọi bản gốc")
        which.add_argument(
            "--page", metavar="ID", type=int, help="bản gốc của một trang"
        )

    def handle(self, *args, **options):
        if options["page"] is not None:
            documents = [self.document_of(options["page"])]
        else:
            documents = documents_to_read(everything=options["all"])
        if not documents:
            self.stdout.write("Không có bản gốc nào cần đọc.")
            return
        found = 0
        for document in documents:
            request_reading(document, force=True, enqueue=False)
            reading = run_reading(document.pk)
            found += reading.has_text
            line = f"{document.pk} «{document.title}»: {reading.get_status_display()}"
            if reading.has_text:
                line += (
                    f" — {len(reading.pages)} trang, {METHODS.get(reading.method, '')}"
                )
                if reading.confidence is not None:
                    line += f", độ tin cậy {percent(reading.confidence)}"
            if reading.message:
                line += f". {reading.message}"
            self.stdout.write(line)
        self.stdout.write(f"Đã đọc {len(documents)} tệp, {found} tệp có chữ.")

    def document_of(self, page_id: int):
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"Không có trang số {page_id}.")
        page = page.specific
        if not isinstance(page, PAGE_TYPES):
            raise CommandError(
                f"Trang {page_id} không phải văn bản chỉ đạo hay thông báo."
            )
        latest = page.get_latest_revision_as_object()
        document = latest.original_file or page.original_file
        if document is None:
            raise CommandError(f"Trang {page_id} chưa gắn bản gốc.")
        return document
