"""Every request body the Elasticsearch engine sends, checked against
Elastic's published API specification (elastic/elasticsearch-specification,
output/openapi/elasticsearch-openapi.json), without a cluster.

The engine runs its whole life cycle against `fake_elastic.FakeCluster`
behind the real client: two rebuilds (index creation with mapping and
settings, bulk, refresh, the alias swap, deleting the old index), an update
(bulk with external versions and deletions), searches for several query
plans (filters, facets, a symbol, marks, question words, the levels' counts,
a listing), a suggestion and a scroll. Each request is matched to its
operation in the specification by method and path; its body is validated
with the operation's JSON schema and its query-string parameters must be
ones the operation declares.

The schema is made strict before use: a property name the specification
does not declare fails (the published schemas allow any extra name, so a
misspelt "minimum_should_macth" would otherwise pass), and a union (oneOf)
is any of its members.

The specification is read at run time, never copied here: from the file
named by ELASTICSEARCH_SPEC, else from a local mirror of the repository
(ELASTICSEARCH_SPEC_MIRROR, a git directory), at the newest branch not newer
than the client that still holds the full file. Without either the tests
skip and say so.
"""

import copy
import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path
from unittest import mock

import elasticsearch
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from search import synonyms
from search.analysis import DEFAULT_SYNONYMS
from search.builder import SearchDocument
from search.engines.elastic import ElasticEngine
from search.plan import Params, QueryPlan

from .fake_elastic import FakeCluster

TABLE = DEFAULT_SYNONYMS
SPEC_FILE = "output/openapi/elasticsearch-openapi.json"
# Where the `fetch` of github:elastic/elasticsearch-specification puts it.
DEFAULT_MIRROR = "/work/.mirror/elastic+elasticsearch-specification/repo"
SPEC_URI = "urn:elasticsearch-openapi"


def _git(mirror: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", f"--git-dir={mirror}", *args], capture_output=True, check=False
    )


def _from_mirror(mirror: str) -> tuple[bytes, str] | None:
    """The full specification from the newest branch of the client's major
    version, not newer than the client, whose copy holds the file (the
    mirror leaves out its largest files)."""
    major, minor = elasticsearch.__version__[:2]
    for branch in [f"{major}.{m}" for m in range(minor, -1, -1)] + ["HEAD"]:
        shown = _git(mirror, "show", f"{branch}:{SPEC_FILE}")
        if shown.returncode == 0 and shown.stdout.startswith(b"{"):
            return shown.stdout, f"{mirror} at {branch}"
    return None


@cache
def load_spec() -> tuple[dict, str]:
    """(the OpenAPI document, where it came from), or skip the test."""
    path = os.environ.get("ELASTICSEARCH_SPEC")
    if path:
        if not Path(path).is_file():
            pytest.fail(f"ELASTICSEARCH_SPEC={path} is not a file", pytrace=False)
        return json.loads(Path(path).read_bytes()), path
    mirror = os.environ.get("ELASTICSEARCH_SPEC_MIRROR", DEFAULT_MIRROR)
    found = _from_mirror(mirror) if Path(mirror).is_dir() else None
    if found is None:
        pytest.skip(
            "no Elasticsearch API specification: set ELASTICSEARCH_SPEC to the path "
            "of elasticsearch-openapi.json (github.com/elastic/"
            "elasticsearch-specification, output/openapi/), or "
            "ELASTICSEARCH_SPEC_MIRROR to a git copy of that repository"
        )
    return json.loads(found[0]), found[1]


# Where the OpenAPI output says less than the specification it is made from,
# and strictness would refuse what a cluster accepts: the keys of a sort are
# field names (left out of its object), and a `_meta` value is any value
# (written as an object). Those schemas stay open.
OPEN_SCHEMAS = {"SortOptions": None, "Metadata": {"type": "object"}}


def strict(spec: dict) -> dict:
    """The specification with undeclared property names refused and unions
    read as "any of". A schema that is a part of an `allOf` stays open (its
    whole, which sees every part's names, is the one closed)."""
    spec = copy.deepcopy(spec)
    parts: set[str] = set()

    def walk(node, in_all_of=False):
        if isinstance(node, list):
            for item in node:
                walk(item, in_all_of)
            return
        if not isinstance(node, dict):
            return
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        if in_all_of and "$ref" in node:
            parts.add(node["$ref"].rsplit("/", 1)[-1])
        closed = ("properties" in node or "allOf" in node) and not in_all_of
        if closed and "additionalProperties" not in node:
            node["unevaluatedProperties"] = False
        for key, value in node.items():
            if key != "properties":
                walk(value, in_all_of=key == "allOf")
            else:
                for item in value.values():
                    walk(item)

    walk(spec)
    schemas = spec["components"]["schemas"]
    for name in parts:  # a named schema used as a part: open again
        schemas[name].pop("unevaluatedProperties", None)
    for name in schemas:
        short = re.split(r"[.:]", name)[-1]
        if short in OPEN_SCHEMAS:
            schemas[name].pop("unevaluatedProperties", None)
            if OPEN_SCHEMAS[short] is not None:
                schemas[name] = OPEN_SCHEMAS[short]
    return spec


@cache
def checker() -> "SpecChecker":
    spec, origin = load_spec()
    return SpecChecker(strict(spec), origin)


class SpecChecker:
    def __init__(self, spec: dict, origin: str):
        self.spec = spec
        self.origin = origin
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.routes = []
        for template, operations in spec["paths"].items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
            literal = len(re.sub(r"\{[^/]+?\}", "", template))
            self.routes.append(
                (literal, re.compile(pattern + "$"), template, operations)
            )
        self.routes.sort(key=lambda route: -route[0])

    def operation(self, method: str, path: str) -> tuple[str, dict]:
        for _, pattern, template, operations in self.routes:
            if pattern.match(path) and method.lower() in operations:
                return template, operations[method.lower()]
        raise AssertionError(f"the specification has no {method} {path}")

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = self.registry.resolver(SPEC_URI).lookup(node["$ref"]).contents
        return node

    def errors(self, schema: dict, value) -> list[str]:
        validator = Draft202012Validator(schema, registry=self.registry)
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message[:300]}"
            for e in validator.iter_errors(value)
        ]

    def ref(self, pointer: str) -> dict:
        return {"$ref": f"{SPEC_URI}#{pointer}"}

    def body_schema(self, operation: dict) -> dict | None:
        body = operation.get("requestBody")
        if body is None:
            return None
        body = self.resolve(body)
        (content,) = body["content"].values()
        return content["schema"]

    def check(self, request) -> tuple[str, list[str]]:
        """(the operation, what is wrong with the request)."""
        template, operation = self.operation(request.method, request.path)
        name = f"{request.method} {template}"
        problems = self.check_params(operation, request.params)
        schema = self.body_schema(operation)
        if request.body is None:
            return name, problems
        if schema is None:
            return name, problems + ["a body where the specification takes none"]
        if template.endswith("/_bulk"):
            return name, problems + self.check_bulk(schema, request.body)
        schema = (
            {**schema, "$id": f"{SPEC_URI}-body"} if "$ref" not in schema else schema
        )
        return name, problems + self.errors(self.anchor(schema), request.body)

    def anchor(self, schema: dict) -> dict:
        """A schema taken out of the document, with its references still
        pointing into it."""

        def fix(node):
            if isinstance(node, dict):
                return {
                    k: (
                        f"{SPEC_URI}{v}"
                        if k == "$ref" and v.startswith("#")
                        else fix(v)
                    )
                    for k, v in node.items()
                    if k != "$id"
                }
            if isinstance(node, list):
                return [fix(item) for item in node]
            return node

        return fix(schema)

    def check_params(self, operation: dict, params: dict) -> list[str]:
        declared = {}
        for parameter in operation.get("parameters", []):
            parameter = self.resolve(parameter)
            if parameter["in"] == "query":
                declared[parameter["name"]] = parameter["schema"]
        problems = []
        for name, text in params.items():
            if name not in declared:
                problems.append(f"?{name}: not a parameter of this operation")
                continue
            try:
                value = json.loads(text)
            except ValueError:
                value = text
            if self.errors(self.anchor(declared[name]), value) and self.errors(
                self.anchor(declared[name]), text
            ):
                problems.append(f"?{name}={text}: not a value the operation takes")
        return problems

    def check_bulk(self, schema: dict, lines: list) -> list[str]:
        """Bulk is NDJSON: each action line against the operation schema
        (the specification's first member of a line's union; the others are
        an update's body and any document), then the document after it."""
        action = self.anchor(self.resolve(schema)["items"]["anyOf"][0])
        problems, position = [], 0
        while position < len(lines):
            line = lines[position]
            problems += [f"line {position}: {e}" for e in self.errors(action, line)]
            position += 1 if "delete" in line else 2
        return problems


# -- the engine's requests ------------------------------------------------------


def _doc(pk: int, **fields) -> SearchDocument:
    values = {
        "id": pk,
        "kind": "directive",
        "title": f"Về phòng, chống cháy nổ tại khu dân cư {pk}",
        "summary": "Tăng cường phòng cháy chữa cháy",
        "number_tokens": ["29-ct-ubnd", "29", "ct", "ubnd"],
        "doc_type": "Chỉ thị",
        "issuer": "Ủy ban nhân dân phường",
        "status": "in_force",
        "year": 2019,
        "stamp": pk,
        "site": 3,
        "display": {"kind": "directive", "title": f"Văn bản {pk}", "url": f"/{pk}/"},
    }
    values.update(fields)
    return SearchDocument(**values)


SEARCHES = [
    ("29 CT TU", {"status": "in_force", "kind": "directive"}),  # a symbol, filters
    ("hoà giải ở cơ sở", {"site": 3}),  # marks, a ward's own pages
    ("cấp sổ đỏ ở đâu", {}),  # question words only rank
    ("thủ tục đăng ký tạm trú", {"year": 2019, "page": 2}),
    ("không có chữ nào khớp xyzw", {}),  # every level counted
    ("", {"doc_type": "Chỉ thị", "issuer": "Ủy ban nhân dân phường"}),  # a list
]


@cache
def engine_requests() -> tuple:
    with mock.patch.object(synonyms, "table", lambda: TABLE):  # no database
        return _run_engine()


def _run_engine() -> tuple:
    cluster = FakeCluster()
    engine = ElasticEngine("http://fake-cluster:9200")
    engine.client = cluster.client()
    engine.swap_grace = 0
    docs = [_doc(pk) for pk in range(1, 8)]
    engine.rebuild(docs)
    engine.rebuild(docs)  # the alias moves; the first index is deleted
    engine.update([_doc(2, title="Đã sửa")], delete_ids=[5])
    for q, filters in SEARCHES:
        engine.search(Params(q=q, **filters), QueryPlan.parse(q, table=TABLE))
    engine.suggest("chỉ thị ph", site=3)
    engine.doc_stamps()
    engine.stats()
    return tuple(cluster.requests)


def test_the_fake_cluster_saw_the_whole_life_cycle():
    """Without a spec: the scenario really sends what the checks below read
    (a change that stops sending a body would otherwise pass unnoticed)."""
    seen = {
        (r.method, re.sub(r"ward-portal-pages-[\d-]+", "NEW", r.path))
        for r in engine_requests()
    }
    assert {
        ("PUT", "/NEW"),
        ("PUT", "/_bulk"),
        ("POST", "/NEW/_refresh"),
        ("POST", "/_aliases"),
        ("DELETE", "/NEW"),
        ("POST", "/ward-portal-pages/_count"),
        ("POST", "/ward-portal-pages/_search"),
        ("POST", "/_search/scroll"),
    } <= seen
    aliases = [r.body for r in engine_requests() if r.path == "/_aliases"]
    assert [[next(iter(a)) for a in body["actions"]] for body in aliases] == [
        ["add"],
        ["add", "remove"],
    ]


def test_every_request_the_engine_sends_is_in_the_specification():
    spec = checker()
    problems, checked = [], {}
    for request in engine_requests():
        operation, wrong = spec.check(request)
        if request.body is not None:
            checked[operation] = checked.get(operation, 0) + 1
        problems += [f"{request.method} {request.path}: {p}" for p in wrong]
    assert not problems, f"against {spec.origin}:\n" + "\n".join(problems)
    # What was checked, for the report (`pytest -rA` or -s prints it).
    print(f"bodies checked against {spec.origin}: {checked}")
    assert set(checked) >= {
        "PUT /{index}",
        "PUT /_bulk",
        "POST /_aliases",
        "POST /{index}/_count",
        "POST /{index}/_search",
    }


def test_the_bulk_documents_hold_only_mapped_fields():
    """A field the mapping does not name would be mapped by guessing
    (dynamic mapping) on the first document that has it."""
    requests = engine_requests()
    created = next(
        r.body
        for r in requests
        if r.method == "PUT" and r.body and "mappings" in r.body
    )
    mapped = set(created["mappings"]["properties"])
    for request in requests:
        if request.path.endswith("/_bulk"):
            for line in request.body:
                if not {"index", "delete", "create", "update"} & set(line):
                    assert set(line) <= mapped, set(line) - mapped


def test_the_strict_schema_refuses_what_the_cluster_would():
    """The checker can fail: a misspelt key, a wrong type and an unknown
    parameter are each reported."""
    spec = checker()
    search = spec.check
    bad = [
        type(r)(r.method, r.path, r.params, body)
        for r in engine_requests()
        if r.path.endswith("/_search") and r.params == {}
        for body in (
            {**r.body, "trak_total_hits": True},
            {**r.body, "size": "mười"},
            {"query": {"bool": {"minimum_should_macth": 1}}},
            {"query": {"multi_match": {"query": "x", "type": "best_field"}}},
        )
    ][:4]
    assert [bool(search(request)[1]) for request in bad] == [True] * 4
    update = next(r for r in engine_requests() if r.params.get("refresh"))
    wrong_param = type(update)(
        update.method, update.path, {"refresh": "soon"}, update.body
    )
    assert search(wrong_param)[1] == ["?refresh=soon: not a value the operation takes"]
    wrong_action = type(update)(
        update.method,
        update.path,
        {},
        [{"index": {"_id": 1, "version_typ": "external"}}, {}],
    )
    assert search(wrong_action)[1]
