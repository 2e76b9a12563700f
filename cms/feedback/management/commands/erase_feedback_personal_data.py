from django.core.management.base import BaseCommand

from cms.feedback.retention import erase_personal_data


class Command(BaseCommand):
    help = (
        "Xóa họ tên, số điện thoại, thư điện tử của người gửi góp ý đã quá thời "
        "hạn lưu giữ (Thông tin phường → Góp ý của người dân). Chạy theo lịch "
        "như publish_scheduled."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ đếm, không xóa gì",
        )

    def handle(self, dry_run, **options):
        counts = erase_personal_data(dry_run=dry_run)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(
            f"{verb} thông tin người gửi của {counts.total} góp ý: "
            f"{counts.closed} đã xong quá thời hạn lưu giữ, "
            f"{counts.old} nhận quá gấp đôi thời hạn."
        )
        if counts.mail_files:
            self.stdout.write(
                f"{verb} {counts.mail_files} thư lưu thành tệp đã quá hạn."
            )
