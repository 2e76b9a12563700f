"""`make run` (and any WSGI server started without settings): production-like
on one machine, over plain http.

Debug is off, so an error shows the portal's Vietnamese 404/500 pages and
never the settings; the security headers are those of production. Unlike
production there is no https redirect and no secure-only cookies, because
`make run` serves http://127.0.0.1:8000/. Without SECRET_KEY in the
environment a random key is made on the first run and kept in
DATA_DIR/secret_key, so a fresh clone starts with nothing set and sessions
survive a restart. On the internet, use cms.settings.production.
"""

import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY


def persistent_secret_key(path: Path) -> str:
    """The key kept in `path` (mode 0600), made on first use. Several
    processes starting at once all get the same key: the file appears whole
    (a hard link to a finished temporary file) or not at all."""
    if not path.exists():
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(64))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or persistent_secret_key(DATA_DIR / "secret_key")
