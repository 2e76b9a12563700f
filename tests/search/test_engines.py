"""The engine interface: which engine a process gets, and the rules both
engines share (`search.engines.base`)."""

import subprocess
import sys
from pathlib import Path

from search.engines import get_engine, index_path
from search.engines.base import (
    SchemaMismatch,
    SearchEngine,
    SearchUnavailable,
    filter_terms,
    suggestion,
    words_needed,
)
from search.plan import Params

ROOT = Path(__file__).resolve().parents[2]


def test_the_embedded_index_lives_where_search_index_path_says(settings, tmp_path):
    settings.SEARCH_INDEX_PATH = tmp_path / "elsewhere"
    settings.ELASTICSEARCH_URL = None
    assert index_path() == tmp_path / "elsewhere"
    engine = get_engine()
    assert engine.name == "embedded" and engine.path == tmp_path / "elsewhere"
    assert isinstance(engine, SearchEngine)


def test_search_index_path_is_read_from_the_environment(tmp_path):
    """Settings read it (and nothing else does); unset, DATA_DIR/search-index."""
    code = "from cms.settings import base; print(base.SEARCH_INDEX_PATH)"
    env = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path / "data")}
    read = [sys.executable, "-c", code]
    unset = subprocess.run(read, cwd=ROOT, env=env, capture_output=True, text=True)
    assert unset.stdout.strip() == str(tmp_path / "data" / "search-index")
    env["SEARCH_INDEX_PATH"] = str(tmp_path / "index")
    told = subprocess.run(read, cwd=ROOT, env=env, capture_output=True, text=True)
    assert told.stdout.strip() == str(tmp_path / "index"), told.stderr


def test_elasticsearch_url_switches_the_engine(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # never contacted here
    engine = get_engine()
    assert engine.name == "elasticsearch" and isinstance(engine, SearchEngine)
    assert get_engine() is engine  # one per process


def test_a_process_without_elasticsearch_never_loads_its_client():
    code = (
        "import sys, django; django.setup();"
        "import search.query, search.views, search.health;"
        "search.engines.get_engine();"
        "print(sorted(m for m in ('elasticsearch', 'elasticsearch_dsl')"
        " if m in sys.modules))"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_one_error_family():
    assert issubclass(SchemaMismatch, SearchUnavailable)


def test_most_words_means_all_but_a_third():
    assert [words_needed(n, "most") for n in range(1, 8)] == [1, 2, 2, 3, 4, 4, 5]
    assert [words_needed(n, "all") for n in (1, 4)] == [1, 4]
    assert [words_needed(n, "any") for n in (1, 4)] == [1, 1]


def test_filters_ask_for_directives_when_a_directive_filter_is_set():
    assert filter_terms(Params(site=3)) == [("site", 3)]
    assert filter_terms(Params(kind="notice", site=3)) == [
        ("site", 3),
        ("kind", "notice"),
    ]
    assert filter_terms(
        Params(
            doc_type="Chỉ thị",
            issuer="UBND phường",
            year=2024,
            status="in_force",
            site=3,
        )
    ) == [
        ("site", 3),
        ("kind", "directive"),
        ("doc_type", "Chỉ thị"),
        ("issuer", "UBND phường"),
        ("status", "in_force"),
        ("year", 2024),
    ]


def test_without_a_site_every_page_once():
    """City-wide (no site): every ward and the library, no alias copies."""
    assert filter_terms(Params()) == [("alias", 0)]


def test_a_suggestion_names_the_number_only_when_there_is_one():
    hit = {"title": "Chỉ thị về phòng cháy", "url": "/a/", "kind": "directive"}
    assert suggestion({**hit, "summary": "…", "number": "29-CT/TU"}) == {
        **hit,
        "number": "29-CT/TU",
    }
    assert suggestion({**hit, "number": ""}) == hit
