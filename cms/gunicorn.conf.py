"""gunicorn's configuration for the portal (`make run`; in production
`gunicorn -c cms/gunicorn.conf.py cms.wsgi`). Each worker loads the query
word segmenter before its first request (`post_worker_init`).

Workers are gthread workers of 4 threads: a connection is kept alive
between requests (a phone loading a page, its CSS and its pictures opens one,
not one per file), and a worker waiting on a slow client or the database
still answers on its other threads. gunicorn's default sync workers close
the connection after every response and serve one request per process:
bench/page_cache.py measures both (README, "Page serving, cached").
`--threads` or `--worker-class` on the command line still win.

A worker holds at most `worker_connections` (8: twice its threads) open
connections; the next ones wait for another worker. The kernel does not
share connections fairly between workers: without the cap one worker often
took every connection of a burst of keep-alive clients (16 in the load
test) and served them all on one core while the others idled, about 65
requests a second for `/thong-bao/` where three workers sharing the two
cores serve 150–200 (bench/pages.py, README). An idle kept-alive connection
gives its place up after `keepalive` (2 s).

No `Server: gunicorn` banner: gunicorn 27 has no setting for it. It writes the
header itself, first of the fixed lines `Response.default_headers()` returns
(gunicorn/http/wsgi.py), ahead of the application's own headers; the patch
below drops that one line. The configuration file runs in the master before
the workers fork, so every worker inherits it.
"""

from gunicorn.http import wsgi

from search import words

worker_class = "gthread"
threads = 4
worker_connections = 2 * threads


def _without_server_banner(default_headers):
    def headers(self):
        return [h for h in default_headers(self) if not h.startswith("Server:")]

    headers.without_server_banner = True
    return headers


if not getattr(wsgi.Response.default_headers, "without_server_banner", False):
    wsgi.Response.default_headers = _without_server_banner(
        wsgi.Response.default_headers
    )


def post_worker_init(worker):
    """Load the word segmenter of query analysis (`search.words`) before the
    worker takes its first request, which would otherwise wait for it."""
    words.warm_up()
