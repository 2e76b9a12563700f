"""1,000 hostile submissions to `/gop-y/` through a real gunicorn: no server
error, the per-address limit holds across workers, no personal data leaks.

gunicorn (two workers, the real file cache under its own DATA_DIR) runs the
production settings behind a pretend TLS proxy: X-Forwarded-Proto says
https, X-Forwarded-For carries each resident's address (the last entry, as
`cms.login_limits.forwarded_client_ip` reads it), so one address can flood
while the others send one message each. Mail goes to a server that refuses
every recipient (smtplib then names the address in its exception).

Eight threads send oversized fields (5,001 characters, 1 MB and 3 MB
bodies), HTML and <script> in every field, SQL-ish text, NUL and control
characters, invalid UTF-8, missing, wrong and cookie-less CSRF tokens, JSON,
plain-text and (broken) multipart bodies, unknown topics, repeated fields,
odd page ids, and a flood from one address. Every response must be below 500
and of the kind its input calls for; the flood must meet 429s after the
limit. Then no name, phone or e-mail sent may appear on any public surface,
status page or in the server's output, each stored row must hold what was
typed (NFC, control characters removed, nothing escaped or unescaped), and
no <script> typed may come back unescaped.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import secrets
import shutil
import socket
import socketserver
import sqlite3
import threading
import time
import unicodedata
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from cms.feedback.models import area_name
from search.spelling.characters import clean_controls
from tests.processes import (
    env,
    gunicorn,
    manage,
    migrated_data_dir,
    own_database,
)

pytestmark = [pytest.mark.slow, own_database]

HOST = "phuong.example.vn"
SITE_URL = f"https://{HOST}"
TOTAL = 1000
FLOOD = 150
FLOOD_ADDRESS = "203.0.113.77"
LIMIT, WINDOW = 10, 600  # cms/feedback/limits.py: 10 sends per 10 minutes
THREADS = 8
SCRIPT = '<script>alert("xss-{n}")</script>'


# --- A mail server that refuses every recipient ---------------------------------


class RefusingSMTP(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 refusing ESMTP")
        for raw in self.rfile:
            verb = raw[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 refusing")
            elif verb == b"RCPT":
                self.reply("550 5.1.1 no such user")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RSET, NOOP
                self.reply("250 ok")


@pytest.fixture(scope="module")
def smtp_port():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), RefusingSMTP)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    data_dir: object
    out_path: object
    err_path: object

    def output(self) -> str:
        return self.out_path.read_text(errors="replace") + self.err_path.read_text(
            errors="replace"
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory, smtp_port):
    data_dir = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(migrated_data_dir(tmp_path_factory), data_dir)
    manage(data_dir, "collectstatic", "--noinput", "-v0")
    manage(data_dir, "load_demo")
    manage(data_dir, "rebuild_search_index")
    logs = tmp_path_factory.mktemp("hostile-logs")
    out_path, err_path = logs / "stdout.txt", logs / "stderr.txt"
    port = _free_port()
    production = {
        **env(data_dir),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SITE_URL": SITE_URL,
        "ALLOWED_HOSTS": HOST,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    with open(out_path, "w") as out, open(err_path, "w") as err:
        process = gunicorn(port, production, stdout=out, stderr=err)
    served = Server(port, data_dir, out_path, err_path)
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _h, _b = request(served, "GET", "/", address="192.0.2.1")
            assert status == 200, (status, served.output()[-3000:])
            break
        except (ConnectionError, OSError):
            assert process.poll() is None, served.output()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
    yield served
    process.terminate()
    process.wait(timeout=30)


def request(server, method, path, *, address, body=b"", headers=None, cookie=None):
    """One request as the TLS proxy forwards it: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        sent = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
            **(headers or {}),
        }
        if cookie is not None:
            sent["Cookie"] = f"csrftoken={cookie}"
        connection.request(method, path, body=body or None, headers=sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# --- The 1,000 submissions --------------------------------------------------------


@dataclass
class Job:
    n: int
    kind: str
    expect: set
    address: str
    body: bytes = b""
    content_type: str = "application/x-www-form-urlencoded"
    token: str | None = None  # the form token (None: none sent)
    cookie: str | None = None
    header_token: str | None = None
    fields: dict = field(default_factory=dict)  # what a stored row must hold
    personal: tuple = ()


def personal(n: int) -> dict:
    return {
        "name": f"<b>Hostile</b> Tên-{n:04d}",
        "phone": f"0987 654 3{n % 100:02d}",
        "email": f"hostile-{n}@example.org",
        "to_dan_pho": f"<i>Tổ</i> {n}",
    }


def markers(n: int) -> tuple[str, ...]:
    p = personal(n)
    return (
        f"Tên-{n:04d}",
        p["phone"],
        p["phone"].replace(" ", ""),
        p["email"],
    )


def message(n: int, text: str) -> str:
    return f"[h{n:04d}] {text}"


def urlencoded(pairs) -> bytes:
    return urlencode(pairs, encoding="utf-8").encode()


def build_jobs(token: str, cookie: str) -> list[Job]:
    rng = random.Random(20260306)
    jobs = []
    flood_slots = set(rng.sample(range(TOTAL), FLOOD))
    kinds = [
        "html",
        "sql",
        "controls",
        "oversized",
        "megabyte",
        "too-big",
        "invalid-utf8",
        "raw-invalid-utf8",
        "no-csrf",
        "wrong-csrf",
        "no-cookie",
        "json",
        "json-with-token",
        "text-plain",
        "multipart",
        "broken-multipart",
        "unknown-topic",
        "repeated",
        "odd-page",
        "bad-contact",
        "honeypot",
    ]
    weights = [14, 5, 8, 8, 1, 0.5, 4, 3, 5, 5, 3, 3, 3, 2, 5, 2, 4, 5, 8, 5, 2]
    for n in range(TOTAL):
        spoof = f"{FLOOD_ADDRESS}, " if n % 7 == 0 else ""
        address = f"{spoof}198.18.{n // 200}.{n % 200 + 1}"
        p = personal(n)
        base = {
            "topic": rng.choice(["gop-y", "phan-anh", "hoi-dap", "danh-gia"]),
            "message": message(n, f"{SCRIPT.format(n=n)} <b>đậm</b> &amp; &lt;"),
            **p,
            "publish": "on",
        }
        job = Job(n, "", {303}, address, token=token, cookie=cookie)
        job.personal = markers(n)
        if n in flood_slots:
            job.kind = "flood"
            job.address = f"10.{n % 250}.0.1, {FLOOD_ADDRESS}"
            job.expect = {303, 429}
            pairs = {**base, "message": message(n, "Ngập lụt hẻm 5")}
        else:
            job.kind = kind = rng.choices(kinds, weights)[0]
            pairs = dict(base)
            if kind == "sql":
                pairs["message"] = message(n, "'; DROP TABLE feedback_feedback; --")
                pairs["name"] = f"Robert'); DROP TABLE x;-- Tên-{n:04d}"
            elif kind == "controls":
                pairs["message"] = message(n, "a\x00b\x0bc\x07d\x1b[31me\x7f\u0085f")
                pairs["name"] = f"\x00Tên-{n:04d}\x0b"
            elif kind == "oversized":
                field_name = rng.choice(["message", "name", "to_dan_pho", "phone"])
                size = {"message": 5001, "name": 101, "to_dan_pho": 61, "phone": 21}
                pairs[field_name] = message(n, "x" * size[field_name])
                job.expect = {400}
            elif kind == "megabyte":
                pairs["message"] = message(n, "<script>" * 131072)  # 1 MB
                job.expect = {400}
            elif kind == "too-big":  # over DATA_UPLOAD_MAX_MEMORY_SIZE
                pairs["message"] = message(n, "ạ" * 350_000)  # 3 MB
                job.expect = {400}
            elif kind == "invalid-utf8":
                job.body = (
                    urlencoded(pairs)
                    + b"&message="
                    + quote(f"[h{n:04d}] ").encode()
                    + b"%FF%FE%C3%28 l%E1%BB%97i"
                )
            elif kind == "raw-invalid-utf8":
                # Not UTF-8 at all: Django reads the body as Latin-1.
                job.body = (
                    urlencoded(pairs)
                    + b"&message="
                    + quote(f"[h{n:04d}]").encode()
                    + b" caf\xe9 \xff\xfe"
                )
            elif kind == "no-csrf":
                job.token = None
                job.expect = {403}
            elif kind == "wrong-csrf":
                job.token = rng.choice(["x" * 64, "", "a" * 32, token[::-1]])
                job.expect = {403}
            elif kind == "no-cookie":
                job.cookie = None
                job.expect = {403}
            elif kind == "json":
                job.content_type = "application/json"
                job.body = json.dumps(pairs).encode()
                job.expect = {403}
            elif kind == "json-with-token":
                job.content_type = "application/json"
                job.body = json.dumps(pairs).encode()
                job.header_token = token
                job.token = None
                job.expect = {400}  # CSRF passes; the form is empty
            elif kind == "text-plain":
                job.content_type = "text/plain"
                job.body = urlencoded({**pairs, "csrfmiddlewaretoken": token})
                job.expect = {403}
            elif kind in ("multipart", "broken-multipart"):
                boundary = uuid.uuid4().hex
                parts = [
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"'
                    f"\r\n\r\n{v}\r\n"
                    for k, v in {**pairs, "csrfmiddlewaretoken": token}.items()
                ]
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="tep"; '
                    f'filename="<x>.exe"\r\nContent-Type: text/html\r\n\r\n'
                    f"{SCRIPT.format(n=n)}\r\n"
                )
                end = f"--{boundary}--\r\n"
                job.content_type = f"multipart/form-data; boundary={boundary}"
                if kind == "broken-multipart":
                    job.content_type = "multipart/form-data; boundary="
                    job.expect = {400, 403}
                job.body = ("".join(parts) + end).encode()
            elif kind == "unknown-topic":
                pairs["topic"] = rng.choice(
                    ["spam", "", "<script>", "hoi-dap\x00", "GOP-Y", "gop-y " * 3]
                )
                job.expect = {400}
            elif kind == "repeated":
                # The last value counts, as Django's QueryDict.get reads it.
                job.body = urlencoded(
                    [
                        ("topic", "spam"),
                        *pairs.items(),
                        ("message", "bị thay thế"),
                        ("message", pairs["message"]),
                        ("page", "abc"),
                        ("page", "9" * 20),
                    ]
                )
            elif kind == "odd-page":
                pairs["page"] = rng.choice(
                    ["9" * 1000, "99999999999", "-1", "1", "0", "²", "١٢", "1e9"]
                    + ["0x10", " 3 ", "3;DROP", "<script>"]
                )
            elif kind == "bad-contact":
                pairs[rng.choice(["email", "phone"])] += "<script>"
                job.expect = {400}
            elif kind == "honeypot":
                pairs["website"] = "https://spam.example/"
                job.expect = {400}
            if kind == "html" and n % 3 == 0:
                pairs["name"] = f"{SCRIPT.format(n=n)[:60]} Tên-{n:04d}"
        if not job.body:
            form = dict(pairs)
            if job.token is not None:
                form["csrfmiddlewaretoken"] = job.token
            job.body = urlencoded(form)
        elif job.token is not None and job.content_type.startswith("application/x"):
            job.body += b"&" + urlencoded({"csrfmiddlewaretoken": job.token})
        job.fields = pairs
        jobs.append(job)
    return jobs


def expected_row(job: Job) -> dict:
    """What a stored row must hold: the field as Django decodes the body,
    NFC, no control characters (a line break for \\x0b), trimmed; no escaping."""
    if job.content_type.startswith("multipart"):
        sent = dict(job.fields)
    else:
        try:
            text = job.body.decode("utf-8")
        except UnicodeDecodeError:
            text = job.body.decode("iso-8859-1")
        sent = dict(parse_qsl(text, keep_blank_values=True))

    def clean(value):
        return clean_controls(unicodedata.normalize("NFC", value)).strip()

    return {
        "message": clean(sent["message"]),
        "name": " ".join(clean(sent["name"]).split()),
        "email": sent["email"],
        "phone": re.sub(r"[\s.\-()]", "", clean(sent["phone"])),
        "to_dan_pho": area_name(clean(sent["to_dan_pho"])),
    }


def answers_page_is_built() -> bool:
    """/hoi-dap/ answers once its template exists (the public Q&A pages,
    built on another branch); until then it is a 500 not of this test's
    making, and is left out."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template("feedback/question_index_page.html")
    except TemplateDoesNotExist:
        return False
    return True


def send(server, job: Job):
    headers = {"Content-Type": job.content_type, "Origin": SITE_URL}
    if job.header_token:
        headers["X-CSRFToken"] = job.header_token
    started = time.time()
    try:
        status, sent_headers, body = request(
            server,
            "POST",
            "/gop-y/",
            address=job.address,
            body=job.body,
            headers=headers,
            cookie=job.cookie,
        )
    except (ConnectionError, OSError) as error:
        status, sent_headers, body = type(error).__name__, {}, b""
    return job, status, sent_headers, body, started


def test_1000_hostile_submissions(server):
    began = time.monotonic()
    status, headers, page = request(server, "GET", "/gop-y/", address="192.0.2.2")
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"])[1]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    jobs = build_jobs(token.decode(), cookie)
    assert len(jobs) == TOTAL

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda job: send(server, job), jobs))
    sending = time.monotonic() - began

    statuses = Counter(status for _j, status, _h, _b, _t in results)
    by_kind = Counter((job.kind, status) for job, status, _h, _b, _t in results)
    print(f"\n{TOTAL} hostile submissions in {sending:.1f} s: {dict(statuses)}")
    print(dict(sorted(by_kind.items())))
    errors = {s: c for s, c in statuses.items() if not isinstance(s, int) or s >= 500}
    assert not errors, (statuses, server.output()[-3000:])
    unexpected = [
        (job.n, job.kind, status)
        for job, status, _h, _b, _t in results
        if status not in job.expect
    ]
    assert not unexpected, unexpected[:20]

    # The flood: at most LIMIT accepted per window it spanned, the rest 429
    # with Retry-After, although the two workers served it in turns.
    flood = [(status, h, t) for job, status, h, _b, t in results if job.kind == "flood"]
    accepted = sum(1 for status, _h, _t in flood if status == 303)
    first, last = min(t for *_x, t in flood), max(t for *_x, t in flood)
    windows = int(last // WINDOW) - int(first // WINDOW) + 1
    too_many = [h for status, h, _t in flood if status == 429]
    print(f"flood: {accepted} accepted, {len(too_many)} × 429 ({windows} window)")
    assert 1 <= accepted <= LIMIT * windows
    assert len(too_many) >= FLOOD - LIMIT * windows
    assert all(h.get("Retry-After") == "600" for h in too_many)
    # Nobody else was limited, though every seventh put the flooding address
    # first in X-Forwarded-For.
    assert not [j.n for j, s, *_x in results if s == 429 and j.kind != "flood"]

    # Whatever came back, a <script> typed never comes back as markup.
    for job, _status, _h, body, _t in results:
        assert f'alert("xss-{job.n}")'.encode() not in body.replace(b"&quot;", b"")
        assert SCRIPT.format(n=job.n).encode() not in body

    # The server's own output so far (before searching for the markers,
    # which would put them into request lines): no personal data, no error.
    output = server.output()
    assert "Internal Server Error" not in output
    # Django logs the 400 of a body it cannot parse with its traceback.
    bad_bodies = re.findall(
        r"^django\.\S+\.(MultiPartParserError|RequestDataTooBig)", output, re.M
    )
    assert output.count("Traceback") == len(bad_bodies), output[-3000:]
    sent_personal = {m for job in jobs for m in job.personal}
    assert not [m for m in sent_personal if m in output]
    assert "cannot e-mail feedback" in output  # the refusing mail server

    # What was stored.
    with closing(sqlite3.connect(server.data_dir / "db.sqlite3")) as db:
        db.row_factory = sqlite3.Row
        # The demo's own messages carry no marker.
        rows = db.execute(
            "SELECT * FROM feedback_feedback WHERE message LIKE '%[h____]%'"
        ).fetchall()
    stored = [job for job, status, *_x in results if status == 303]
    assert len(rows) == len(stored)
    jobs_by_marker = {f"[h{job.n:04d}]": job for job in stored}
    for row in rows:
        assert len(row["message"]) <= 5000
        assert "\x00" not in row["message"] and "\x0b" not in row["message"]
        assert all(
            "\x00" not in (row[f] or "") for f in ("name", "phone", "to_dan_pho")
        )
        assert row["page_id"] is None or row["sent_from"], dict(row)
        job = jobs_by_marker.pop(re.search(r"\[h\d{4}\]", row["message"])[0])
        want = expected_row(job)
        got = {k: row[k] for k in want}
        assert got == want, (job.kind, got, want)
    assert not jobs_by_marker
    codes = [row["code"] for row in rows]

    # No personal data on any public surface, nor on the status pages.
    def get(path, address="192.0.2.3"):
        status, _h, body = request(server, "GET", path, address=address)
        assert status < 500, (path, status)
        return status, body.decode("utf-8", "replace")

    def statuses_of(code_slice):
        found = []
        for i, code in enumerate(code_slice):
            status, body = get(f"/gop-y/da-nhan/{code}/", f"192.0.2.{i % 200 + 10}")
            found.append((code, status, body))
        return found

    with ThreadPoolExecutor(4) as pool:
        pages = [
            p
            for chunk in pool.map(statuses_of, [codes[i::4] for i in range(4)])
            for p in chunk
        ]
    surfaces = {}
    for code, status, body in pages:
        assert status == 200 and code in body, (code, status)
        assert not re.search(r"\[h\d{4}\]", body), code  # nor the message
        surfaces[f"status {code}"] = body
    public = [
        "/",
        "/hoi-dap/",
        "/gop-y/",
        "/sitemap.xml",
        "/feed/van-ban/rss/",
        "/feed/van-ban/atom/",
        "/feed/thong-bao/rss/",
        "/feed/thong-bao/atom/",
        "/van-ban/",
        "/thong-bao/",
    ]
    if not answers_page_is_built():
        public.remove("/hoi-dap/")
    for path in public:
        status, surfaces[path] = get(path)
        assert status == 200, path
    offset = 0
    while True:
        status, body = get(f"/api/v2/pages/?fields=*&limit=100&offset={offset}")
        assert status == 200, body[:500]
        surfaces[f"api {offset}"] = body
        items = json.loads(body)["items"]
        if len(items) < 100:
            break
        offset += 100
    sample = random.Random(1).sample([job for job in jobs], 12)
    for job in sample:
        for marker in job.personal:
            q = quote(marker)
            surfaces[f"search {marker}"] = get(f"/tim-kiem/?q={q}")[1]
            surfaces[f"api search {marker}"] = get(f"/api/search/?q={q}")[1]
    leaks = [
        (where, marker)
        for where, body in surfaces.items()
        for marker in sent_personal
        # A search page repeats its own query: only other markers count.
        if marker in body and not where.endswith(marker)
    ]
    assert not leaks, leaks[:20]
    print(f"whole run {time.monotonic() - began:.1f} s, {len(rows)} rows stored")
