"""The 500 handler: a database that is only busy is a 503, not a fault.

On SQLite one writer at a time: a request that must write (a login, an
edit) while a long import holds the write lock waits `timeout` seconds
(cms/settings/base.py) and then gets "database is locked". That is a busy
site, not a broken one, so it answers 503 with Retry-After and a Vietnamese
page saying that nothing was saved (the transaction rolled back). The
exception may come from a view or from a middleware's response phase (the
session's save), so it is caught here, where both arrive.
"""

import sys

from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults


def is_database_busy(exc) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_database_busy(sys.exc_info()[1]):
        response = HttpResponse(
            loader.get_template("503_busy.html").render(), status=503
        )
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request, template_name)
