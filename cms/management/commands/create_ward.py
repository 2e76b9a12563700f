"""`manage.py create_ward --host HOST --name "Phường …"`: a new ward site."""

from django.core.management.base import BaseCommand, CommandError

from cms import wards


class Command(BaseCommand):
    help = (
        "Tạo cổng thông tin cho một phường: trang chủ, các mục, cài đặt, "
        "nhóm biên tập viên và lãnh đạo của phường, quy trình duyệt, và bản "
        "sao các văn bản trong thư viện dùng chung."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            required=True,
            help="tên miền của phường, ví dụ hoacuong.danang.gov.vn",
        )
        parser.add_argument(
            "--name", required=True, help="tên phường, ví dụ “Phường Hòa Cường”"
        )
        parser.add_argument(
            "--district", default="", help="quận, huyện (bỏ trống nếu không có)"
        )
        parser.add_argument("--city", default="", help="tỉnh, thành phố")

    def handle(self, host, name, district, city, **options):
        try:
            site = wards.create_ward(host, name, district=district, city=city)
        except wards.WardError as exc:
            raise CommandError(str(exc)) from exc
        editors, leaders = wards.role_groups(site)
        self.stdout.write(
            f"Đã tạo {site.root_page.title} tại {site.root_url}/ "
            f"(nhóm “{editors}” và “{leaders}”)."
        )
