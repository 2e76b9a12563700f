"""The ward's staff, as in the feedback tests."""

from tests.feedback.conftest import editor, outsider  # noqa: F401
