import shutil
import tempfile
from pathlib import Path

import pytest

from search.engines import get_engine, open_engine

# Each commit is fsynced; in memory a test's hundreds of commits stay fast.
SHM = Path("/dev/shm")


@pytest.fixture(autouse=True)
def search_index(settings):
    """A fresh, empty embedded index for every test of search."""
    path = Path(tempfile.mkdtemp(prefix="search-", dir=SHM if SHM.is_dir() else None))
    settings.SEARCH_INDEX_PATH = path
    settings.ELASTICSEARCH_URL = None
    open_engine.cache_clear()
    engine = get_engine()
    engine.rebuild([])  # an update never creates an index: a rebuild does
    yield engine
    open_engine.cache_clear()
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def corpus(db, corpus_path):
    """The shared evaluation corpus, imported (and so indexed)."""
    from django.core.management import call_command

    call_command("import_documents", str(corpus_path), stdout=open("/dev/null", "w"))
