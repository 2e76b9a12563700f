from django.core.management.base import BaseCommand

from search import indexing
from search.engines import get_engine


class Command(BaseCommand):
    help = (
        "Xây lại chỉ mục tìm kiếm từ cơ sở dữ liệu (các trang đã đăng, công "
        "khai): dựng bản mới bên cạnh bản cũ rồi chuyển sang, nên chữa được "
        "cả chỉ mục hỏng hay bị xóa."
    )

    def handle(self, *args, **options):
        count = indexing.rebuild()
        engine = get_engine()
        self.stdout.write(f"{count} trang đã được lập chỉ mục ({engine.name}).")
