from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from cms.feedback.forms import page_id
from directives.dissemination import render, report


def find_site(host: str):
    """The Site served at `host` ("phuong.example" or "phuong.example:8000")."""
    name, _, port = host.strip().partition(":")
    sites = Site.objects.filter(hostname__iexact=name)
    if port:
        number = page_id(port)  # ASCII digits only: "²" is a digit int() refuses
        sites = sites.filter(port=number) if number is not None else sites.none()
    site = sites.order_by("-is_default_site", "pk").first()
    if site is None:
        raise CommandError(f"Không có cổng thông tin nào ở địa chỉ “{host}”.")
    return site


def default_site():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise CommandError("Chưa có cổng thông tin nào: ghi --site TÊN_MIỀN.")
    return site


class Command(BaseCommand):
    help = (
        "Báo cáo kết quả tuyên truyền, triển khai một văn bản (hoặc một đợt "
        "tuyên truyền) trong một khoảng thời gian: thông báo, tin bài đã đăng, "
        "áp phích, niêm yết, phát thanh, ý kiến người dân. Ghi ra tệp PDF, XLSX "
        "hoặc DOCX."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directive", metavar="NUMBER", help="số, ký hiệu, ví dụ 29-CT/TU"
        )
        parser.add_argument(
            "--campaign", metavar="SLUG", help="đợt tuyên truyền (thay cho văn bản)"
        )
        parser.add_argument(
            "--from", dest="start", metavar="DATE", help="từ ngày (dd/mm/yyyy)"
        )
        parser.add_argument(
            "--to", dest="end", metavar="DATE", help="đến ngày (dd/mm/yyyy)"
        )
        parser.add_argument("--format", dest="fmt", metavar="pdf|xlsx|docx")
        parser.add_argument("--out", type=Path, metavar="FILE", help="tệp ghi ra")
        parser.add_argument(
            "--site", metavar="HOST", help="tên miền của phường (mặc định: cổng chính)"
        )

    def handle(self, directive, campaign, start, end, fmt, out, site, **options):
        if not (directive or campaign):
            raise CommandError(
                "Thiếu văn bản: ghi --directive SỐ_KÝ_HIỆU (ví dụ 29-CT/TU) "
                "hoặc --campaign TÊN_ĐỢT."
            )
        if directive and campaign:
            raise CommandError("Chỉ chọn một: --directive hoặc --campaign.")
        for value, flag in ((start, "--from"), (end, "--to"), (out, "--out")):
            if not value:
                raise CommandError(f"Thiếu {flag}.")
        fmt = (fmt or out.suffix.lstrip(".")).lower()
        if fmt not in render.FORMATS:
            raise CommandError(
                f"Định dạng “{fmt}” không hỗ trợ: chọn pdf, xlsx hoặc docx."
            )
        try:
            start, end = report.parse_day(start), report.parse_day(end)
            report.check_period(start, end)
            chosen_site = find_site(site) if site else default_site()
            if campaign:
                subject = {"campaign": report.find_campaign(campaign, chosen_site)}
            else:
                subject = {"directive": report.find_directive(directive, chosen_site)}
            made = report.build_report(
                start=start, end=end, site=chosen_site, **subject
            )
        except report.ReportError as exc:
            raise CommandError(str(exc)) from exc
        try:
            data = render.render(made, fmt)
        except render.posters.PosterEngineUnavailable as exc:
            raise CommandError(str(exc)) from exc
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp “{out}”: {exc.strerror}.") from exc
        figures = {f.key: f.value for f in made.figures()}
        self.stdout.write(
            f"{out}: báo cáo {made.subject_name} {made.period}: "
            f"{figures['pages']} thông báo, tin bài; {figures['postings']} lượt "
            f"niêm yết ({figures['copies']} bản); {figures['broadcasts']} lượt "
            f"phát thanh ({report.number(figures['minutes'])} phút); "
            f"{figures['feedback_received']} ý kiến người dân."
        )
