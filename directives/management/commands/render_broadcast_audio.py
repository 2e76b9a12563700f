"""Render the broadcast audio (WAV, MP3 and duration) of live directives and
notices, in the voice and at the rate of each page's ward settings."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from directives.loudspeaker.speech import SpeechUnavailable, audio_info, render_audio
from directives.models import DirectivePage, NoticePage
from directives.models.base import ward_settings_of


class Command(BaseCommand):
    help = (
        "Tạo bản đọc (MP3, WAV) cho văn bản chỉ đạo và thông báo đang đăng, "
        "theo giọng đọc và tốc độ trong cài đặt của phường."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--all", action="store_true", help="mọi văn bản và thông báo đang đăng"
        )
        which.add_argument("--page", metavar="ID", type=int, help="một trang")

    def handle(self, *args, **options):
        pages = self.choose(options["all"], options["page"])
        made = kept = 0
        for item in pages:
            ward = ward_settings_of(item)
            if ward is None:
                self.stderr.write(f"{item.pk} {item.title}: không thuộc trang web nào")
                continue
            before = audio_info(item, ward)
            try:
                info = render_audio(item, ward)
            except SpeechUnavailable as exc:
                raise CommandError(str(exc)) from exc
            kept += before is not None
            made += before is None
            self.stdout.write(
                f"{item.pk} {item.title}: {info.duration_label}, "
                f"MP3 {filesizeformat(info.mp3_bytes)}, "
                f"{info.loudness_lufs:.1f} LUFS, đỉnh {info.peak_dbfs:.1f} dBFS"
                + (" (đã có)" if before is not None else "")
            )
        self.stdout.write(f"Đã tạo {made} bản đọc, {kept} bản đã có sẵn.")

    def choose(self, all_pages, page_id) -> list:
        if page_id is not None:
            for model in (DirectivePage, NoticePage):
                found = model.objects.live().filter(pk=page_id).first()
                if found is not None:
                    return [found]
            raise CommandError(
                f"Không có văn bản chỉ đạo hay thông báo đang đăng với ID {page_id}."
            )
        return [
            *DirectivePage.objects.live().select_related("issuer").order_by("pk"),
            *NoticePage.objects.live().order_by("pk"),
        ]
