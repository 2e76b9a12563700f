from django.core.management.base import BaseCommand

from cms.demo import city
from cms.demo.loader import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Nạp phường mẫu (chạy nhiều lần không thay đổi gì)."

    def handle(self, **options):
        load_demo(stdout=self.stdout)
        self.stdout.write("Tài khoản mẫu (chỉ dùng để thử):")
        for username, password, group, _name in [*DEMO_USERS, *city.USERS]:
            self.stdout.write(f"  {username} / {password}  ({group or 'quản trị'})")
