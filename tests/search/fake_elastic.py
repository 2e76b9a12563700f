"""A small in-memory Elasticsearch behind the real client, for tests
without a cluster.

`FakeCluster.client()` is an `elasticsearch.Elasticsearch` whose transport
node is `FakeCluster` itself: every request goes through the real client,
its serializer and the real bulk helper, and is recorded (`requests`) with
its method, path, query string and decoded body, so a test can check what
the engine sends. The cluster keeps indices, aliases and documents well
enough for the engine's life cycle (create, bulk, refresh, alias swap,
delete, search, count, scroll); a search returns every visible document,
unranked. `refuse(action, source)` may return an error object to make the
bulk answer refuse that item, as a cluster does for a bad document.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders, NodeConfig
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

NDJSON = "application/vnd.elasticsearch+x-ndjson"


@dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object  # a dict, a list (NDJSON lines) or None


@dataclass
class FakeCluster:
    indices: dict = field(default_factory=dict)  # name -> {"body", "docs"}
    aliases: dict = field(default_factory=dict)  # alias -> set of index names
    requests: list = field(default_factory=list)
    refuse: object = None  # callable(action, source) -> error dict or None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self) -> Elasticsearch:
        cluster = self

        class Node(BaseNode):
            def perform_request(self, method, target, body=None, **_):
                return cluster.answer(method, target, body)

        return Elasticsearch("http://fake-cluster:9200", node_class=Node)

    # -- transport -----------------------------------------------------------

    def answer(self, method: str, target: str, body: bytes | None):
        url = urlsplit(target)
        params = dict(parse_qsl(url.query))
        decoded = None
        if body:
            text = body.decode("utf-8")
            lines = [json.loads(line) for line in text.splitlines() if line]
            decoded = (
                lines
                if method in {"PUT", "POST"} and "/_bulk" in url.path
                else lines[0]
            )
        self.requests.append(Request(method, url.path, params, decoded))
        with self.lock:
            status, payload = self.route(method, url.path, params, decoded)
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {
                    "content-type": "application/json",
                    "x-elastic-product": "Elasticsearch",
                }
            ),
            duration=0.0,
            node=NodeConfig("http", "fake-cluster", 9200),
        )
        raw = b"" if method == "HEAD" else json.dumps(payload).encode()
        return NodeApiResponse(meta, raw)

    def bodies(self, method: str, pattern: str) -> list:
        return [
            r.body
            for r in self.requests
            if r.method == method and re.fullmatch(pattern, r.path)
        ]

    # -- the cluster ---------------------------------------------------------

    def resolve(self, name: str) -> list[str]:
        if name in self.aliases:
            return sorted(self.aliases[name])
        if name.endswith("*"):
            return [i for i in self.indices if i.startswith(name[:-1])]
        return [name] if name in self.indices else []

    def missing(self, name):
        error = {
            "type": "index_not_found_exception",
            "reason": f"no such index [{name}]",
        }
        return 404, {"error": error, "status": 404}

    def route(self, method, path, params, body):
        parts = [p for p in path.split("/") if p]
        if not parts:
            return 200, {
                "version": {"number": "8.18.0"},
                "tagline": "You Know, for Search",
            }
        if parts == ["_aliases"]:
            for action in body["actions"]:
                ((kind, spec),) = action.items()
                members = self.aliases.setdefault(spec["alias"], set())
                (members.add if kind == "add" else members.discard)(spec["index"])
            return 200, {"acknowledged": True}
        if parts[0] == "_alias":
            found = self.aliases.get(parts[1])
            if not found:
                return 404, {"error": "alias missing", "status": 404}
            return 200, {index: {"aliases": {parts[1]: {}}} for index in found}
        if parts == ["_bulk"]:
            return 200, self.bulk(body)
        if parts == ["_cluster", "health"]:
            return 200, {"status": "green"}
        if parts[:2] == ["_search", "scroll"]:
            return 200, {"_scroll_id": "s", "hits": {"hits": []}, "succeeded": True}
        name, rest = parts[0], parts[1:]
        if method == "PUT" and not rest:
            if name in self.indices:
                return 400, {
                    "error": "resource_already_exists_exception",
                    "status": 400,
                }
            self.indices[name] = {"body": body, "docs": {}}
            return 200, {"acknowledged": True, "index": name}
        indices = self.resolve(name)
        if method in {"GET", "HEAD"} and not rest:
            if not indices and not name.endswith("*"):
                return self.missing(name)
            return 200, {index: {"aliases": {}} for index in indices}
        if method == "DELETE" and not rest:
            if not indices and params.get("ignore_unavailable") != "true":
                return self.missing(name)
            for index in indices:
                del self.indices[index]
                for members in self.aliases.values():
                    members.discard(index)
            return 200, {"acknowledged": True}
        if not indices:
            return self.missing(name)
        docs = {k: v for i in indices for k, v in self.indices[i]["docs"].items()}
        if rest == ["_refresh"]:
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if rest == ["_mapping"]:
            return 200, {
                i: {"mappings": self.indices[i]["body"]["mappings"]} for i in indices
            }
        if rest == ["_count"]:
            return 200, {"count": len(docs), "_shards": {"total": 1, "successful": 1}}
        if rest == ["_search"]:
            return 200, self.search(docs, body or {}, params)
        return 400, {
            "error": f"the fake does not answer {method} {path}",
            "status": 400,
        }

    def bulk(self, lines):
        items, position = [], 0
        while position < len(lines):
            ((kind, action),) = lines[position].items()
            source = lines[position + 1] if kind in {"index", "create"} else None
            position += 2 if source is not None else 1
            index = (self.resolve(action["_index"]) or [action["_index"]])[0]
            docs = self.indices.setdefault(index, {"body": None, "docs": {}})["docs"]
            refuse = self.refuse or self.unmappable
            error = refuse(action, source) if source is not None else None
            item = {"_index": index, "_id": str(action["_id"])}
            if error:
                item.update(status=400, error=error)
            elif kind == "delete":
                gone = docs.pop(str(action["_id"]), None) is None
                item.update(
                    status=404 if gone else 200,
                    result="not_found" if gone else "deleted",
                )
            else:
                docs[str(action["_id"])] = source
                item.update(status=201, result="created")
            items.append({kind: item})
        return {
            "took": 1,
            "errors": any("error" in i[k] for i in items for k in i),
            "items": items,
        }

    def unmappable(self, action, source):
        """What a cluster refuses by the mapping: a number out of its type's
        range (the only check the tests need)."""
        index = (self.resolve(action["_index"]) or [None])[0]
        body = self.indices.get(index, {}).get("body") or {}
        fields = body.get("mappings", {}).get("properties", {})
        for name, value in source.items():
            bits = {"long": 63, "integer": 31}.get(fields.get(name, {}).get("type"))
            if bits and isinstance(value, int) and not -(2**bits) <= value < 2**bits:
                return {
                    "type": "document_parsing_exception",
                    "reason": f"failed to parse field [{name}] of type [long]",
                    "caused_by": {
                        "type": "input_coercion_exception",
                        "reason": "out of range",
                    },
                }
        return None

    def search(self, docs, body, params):
        size = body.get("size", 10)
        hits = [
            {"_index": "fake", "_id": pk, "_score": 1.0, "_source": source}
            for pk, source in list(docs.items())[body.get("from", 0) :][:size]
        ]
        answer = {
            "took": 1,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": len(docs), "relation": "eq"}, "hits": hits},
            "aggregations": {
                name: {"buckets": []} for name in body.get("aggregations", {})
            },
        }
        if "scroll" in params:
            answer["_scroll_id"] = "s"
        return answer
