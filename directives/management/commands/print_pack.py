from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms import wards
from directives import posters
from directives.models import CampaignPage


class Command(BaseCommand):
    help = (
        "Gộp áp phích của nhiều trang thành một tệp PDF để in (mỗi trang một áp phích)."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--current-notices",
            action="store_true",
            help="mọi thông báo đang hiệu lực",
        )
        which.add_argument(
            "--campaign", metavar="SLUG", help="tài liệu của một đợt tuyên truyền"
        )
        which.add_argument(
            "--pages", metavar="ID", type=int, nargs="+", help="các trang đã chọn"
        )
        parser.add_argument("--size", default="A4", choices=posters.SIZES)
        parser.add_argument("--mode", default="color", choices=posters.MODES)
        parser.add_argument("--out", required=True, type=Path, help="tệp PDF ghi ra")
        parser.add_argument(
            "--site",
            metavar="HOST",
            help="phường có thông báo, đợt tuyên truyền (mặc định: cổng mặc định)",
        )

    def handle(self, current_notices, campaign, pages, size, mode, out, **options):
        host = options.get("site")
        site = wards.ward_for_host(host) if host else wards.ward_sites().first()
        if host and site is None:
            raise CommandError(f"Không có phường nào ở địa chỉ “{host}”.")
        try:
            chosen = self.choose(current_notices, campaign, pages, site)
            pdf = posters.render_pack(chosen, size, mode)
        except posters.PosterError as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(pdf)
        self.stdout.write(f"{out}: {len(chosen)} áp phích, khổ {size}")

    def choose(self, current_notices, campaign, pages, site=None) -> list:
        if current_notices:
            chosen = posters.current_notices(site)
        elif campaign:
            page = (
                CampaignPage.objects.for_residents()
                .in_site(site)
                .filter(slug=campaign)
                .first()
            )
            if page is None:
                raise CommandError(f"Không có đợt tuyên truyền “{campaign}”.")
            chosen = posters.campaign_material(page)
        else:
            chosen = posters.pages_by_id(pages)
        if not chosen:
            raise CommandError("Không có trang nào để in.")
        return chosen
