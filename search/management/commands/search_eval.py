import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from search import evaluation
from search.engines import open_engine

SHARED_EVAL = Path(settings.BASE_DIR).parent / "shared" / "eval"


class Command(BaseCommand):
    help = (
        "Đo chất lượng tìm kiếm (MRR@10) trên bộ câu hỏi mẫu, so với backend "
        "cơ sở dữ liệu mặc định của Wagtail, trong một CSDL tạm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queries", default=str(SHARED_EVAL / "dev_queries.jsonl"))
        parser.add_argument(
            "--honest", default=str(SHARED_EVAL / "dev_honest_queries.jsonl")
        )
        parser.add_argument("--corpus", default=str(SHARED_EVAL / "corpus.jsonl"))

    def handle(self, *args, queries, honest, corpus, **options):
        queries_path, corpus_path = Path(queries), Path(corpus)
        for path in (queries_path, corpus_path):
            if not path.exists():
                self.stderr.write(f"{path} không có: bỏ qua đánh giá.")
                return
        lines = evaluation.load_queries(queries_path)
        honest_path = Path(honest)
        honest_lines = (
            evaluation.load_queries(honest_path) if honest_path.exists() else []
        )
        # A throwaway database and index: the site's own data is untouched.
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            with (
                tempfile.TemporaryDirectory() as index_dir,
                override_settings(
                    SEARCH_INDEX_PATH=Path(index_dir),
                    ELASTICSEARCH_URL=None,
                    WAGTAILSEARCH_BACKENDS={
                        "default": {"BACKEND": "wagtail.search.backends.database"}
                    },
                ),
            ):
                open_engine.cache_clear()
                call_command("import_documents", str(corpus_path), stdout=io.StringIO())
                call_command("rebuild_search_index", stdout=io.StringIO())
                honest_report = evaluation.evaluate_honest(honest_lines)
                reports = [
                    evaluation.evaluate("portal", lines, evaluation.portal_names),
                    evaluation.evaluate(
                        "wagtail database backend",
                        lines,
                        evaluation.wagtail_database_names,
                    ),
                ]
                open_engine.cache_clear()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        for report in reports:
            self.stdout.write(evaluation.format_report(report))
        if honest_lines:
            self.stdout.write(evaluation.format_honest(honest_report))
