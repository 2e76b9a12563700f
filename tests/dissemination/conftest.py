"""The ward's staff, as in the feedback tests."""

from tests.feedback.conftest import editor, leader, outsider  # noqa: F401
