from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file from ../shared/, or skip: outside this workplace there is none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present: ../shared/ exists only in the workplace")
    return path


@pytest.fixture
def sections(db):
    from cms.site_structure import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    load_demo()


@pytest.fixture
def corpus_path():
    return shared_file("eval", "corpus.jsonl")
