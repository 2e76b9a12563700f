"""Deterministic synthetic corpus for benchmarks, in the import format.

Writes JSON Lines accepted by `manage.py import_documents` (see
/work/shared/INTERFACES.md): directives first, then notices and articles that
cite directive numbers from the same file. The same seed and sizes always give
byte-identical output, so a benchmark database can be keyed by its size.

    python bench/corpus.py --directives 20000 --notices 5000 --articles 5000 \
        --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus_vocabulary import (
    ACTORS,
    ARTICLE_PATTERNS,
    AUDIENCES,
    CLOSINGS,
    DEPARTMENTS,
    END,
    FAMILY_TYPES,
    GIVEN,
    ISSUERS,
    LEGAL_DEFAULT,
    LEGAL_TYPES_BY_CODE,
    MIDDLE,
    NOTICE_SUBJECTS,
    OBJECTS,
    OPENINGS,
    POSTED_AT,
    PURPOSES,
    START,
    STREETS,
    SUMMARY_LEADS,
    SURNAMES,
    TOPICS,
    VERBS,
    WARDS,
)


def lower_first(text: str) -> str:
    """“Công an phường” -> “công an phường”, leaving proper names alone."""
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Ref:
    """What later documents need to cite a directive."""

    doc_type: str
    number: str
    issuer: str
    signed_on: datetime.date


class Generator:
    def __init__(self, seed: int = 20261121):
        self.rnd = random.Random(seed)
        self.serial: dict[tuple[str, int], int] = {}  # (issuer, year) -> last no.
        self.refs: list[Ref] = []
        self.titles: set[tuple[str, str]] = set()

    # Helpers ---------------------------------------------------------------

    def pick(self, seq):
        return self.rnd.choice(seq)

    def date_between(self, start: datetime.date, end: datetime.date):
        return start + datetime.timedelta(self.rnd.randint(0, (end - start).days))

    def person(self) -> str:
        return f"{self.pick(SURNAMES)} {self.pick(MIDDLE)} {self.pick(GIVEN)}"

    def fill(self, template: str, **extra) -> str:
        values = {
            "ward": self.pick(WARDS),
            "street": self.pick(STREETS),
            "n": self.rnd.randint(1, 45),
        }
        values.update(extra)
        return template.format(**values)

    def sentence(self) -> str:
        return (
            f"{self.pick(ACTORS)} {self.pick(VERBS)} {self.pick(OBJECTS)}, "
            f"{self.pick(PURPOSES)}."
        )

    def body(self, topic: str, issuer: str, cite: Ref | None) -> str:
        """150-800 words: an opening, numbered tasks, a closing."""
        target = self.rnd.randint(150, 800)
        paragraphs = [self.pick(OPENINGS).format(topic=topic, issuer=issuer)]
        if cite:
            paragraphs[0] += (
                f" Văn bản này cụ thể hóa {cite.doc_type} số {cite.number} ngày "
                f"{cite.signed_on:%d/%m/%Y} của {cite.issuer}."
            )
        words = len(paragraphs[0].split())
        closing = self.pick(CLOSINGS)
        closing_words = len(closing.split())
        item = 1
        while words + closing_words < target:
            count = self.rnd.randint(2, 5)
            text = f"{item}. " + " ".join(self.sentence() for _ in range(count))
            if words + len(text.split()) + closing_words > 800 and item > 1:
                break  # keep within the 800-word ceiling
            paragraphs.append(text)
            words += len(text.split())
            item += 1
        paragraphs.append(closing)
        return "\n\n".join(paragraphs)

    # Directives ------------------------------------------------------------

    def number(self, family: str, type_code: str, issuer_code: str, year: int, n):
        if family == "party":
            return f"{n:02d}-{type_code}/{issuer_code}"
        if family == "legal":
            return f"{n}/{year}/{type_code}-{issuer_code}"
        if not type_code:  # Công văn
            return f"{n}/{issuer_code}-{self.pick(DEPARTMENTS)}"
        return f"{n}/{type_code}-{issuer_code}"

    def doc_type_for(self, family: str, issuer_code: str) -> tuple[str, str]:
        types = FAMILY_TYPES[family]
        if family == "legal":
            allowed = LEGAL_TYPES_BY_CODE.get(issuer_code, LEGAL_DEFAULT)
            types = [t for t in types if t[0] in allowed]
        name, code, _ = self.rnd.choices(types, weights=[t[2] for t in types])[0]
        return name, code

    def directive(self) -> dict:
        issuer, issuer_code, family = self.pick(ISSUERS)
        doc_type, type_code = self.doc_type_for(family, issuer_code)
        signed_on = self.date_between(START, END)
        # Numbers grow through the year and never repeat for one issuer and
        # year: that is the import's identity (issuer, number, year).
        key = (issuer, signed_on.year)
        serial = self.serial.get(key, 0) + self.rnd.randint(1, 9)
        self.serial[key] = serial
        number = self.number(family, type_code, issuer_code, signed_on.year, serial)

        topic = self.pick(TOPICS)
        cite = None
        earlier = [r for r in self.refs[-200:] if r.signed_on < signed_on]
        if doc_type in ("Kế hoạch", "Hướng dẫn", "Công văn") and earlier:
            cite = self.pick(earlier)
            title = (
                f"Thực hiện {cite.doc_type} số {cite.number} ngày "
                f"{cite.signed_on:%d/%m/%Y} của {cite.issuer} về {topic}"
            )
        else:
            title = f"Về {topic}"
            if self.rnd.random() < 0.3:
                title += f" năm {signed_on.year}"
        summary = (
            f"{self.pick(SUMMARY_LEADS)} {lower_first(self.pick(ACTORS))} "
            f"{self.pick(VERBS)} {self.pick(OBJECTS)}; {self.pick(PURPOSES)}."
        )
        age = (END - signed_on).days / 365
        roll = self.rnd.random()
        status = "in_force"
        if roll < min(0.6, age * 0.05):
            status = "expired"
        elif roll < min(0.7, age * 0.06):
            status = "replaced"
        doc = {
            "kind": "directive",
            "doc_type": doc_type,
            "number": number,
            "issuer": issuer,
            "signed_on": signed_on.isoformat(),
            "title": title,
            "summary": summary,
            "body": self.body(topic, issuer, cite),
            "status": status,
        }
        if self.rnd.random() < 0.5:
            doc["signer"] = self.person()
        self.refs.append(Ref(doc_type, number, issuer, signed_on))
        return doc

    # Notices and articles --------------------------------------------------

    def cited(self, published_on: datetime.date) -> list[Ref]:
        count = self.rnd.choices([0, 1, 2, 3], weights=[2, 5, 2, 1])[0]
        picked = []
        for _ in range(count * 3):  # bounded retries for an earlier directive
            ref = self.pick(self.refs)
            if ref.signed_on <= published_on and ref not in picked:
                picked.append(ref)
            if len(picked) == count:
                break
        return picked

    def unique_title(self, kind: str, title: str, published_on: datetime.date):
        # Identity of a notice or article is (title, published_on).
        n = 2
        base = title
        while (title, published_on.isoformat()) in self.titles:
            title, n = f"{base} (lần {n})", n + 1
        self.titles.add((title, published_on.isoformat()))
        return title

    def dated_body(self, lead: str, cites: list[Ref]) -> str:
        target = self.rnd.randint(80, 400)
        paragraphs = [lead]
        if cites:
            names = "; ".join(
                f"{c.doc_type} số {c.number} của {c.issuer}" for c in cites
            )
            paragraphs.append(f"Căn cứ {names}.")
        words = sum(len(p.split()) for p in paragraphs)
        while words < target:
            text = " ".join(self.sentence() for _ in range(self.rnd.randint(2, 4)))
            paragraphs.append(text)
            words += len(text.split())
        return "\n\n".join(paragraphs)

    def notice(self) -> dict:
        published_on = self.date_between(datetime.date(2015, 1, 1), END)
        subject = self.pick(NOTICE_SUBJECTS)
        title = self.unique_title(
            "notice",
            f"Thông báo về việc {subject}",
            published_on,
        )
        cites = self.cited(published_on)
        lead = (
            f"Ủy ban nhân dân phường {self.pick(WARDS)} thông báo đến toàn thể "
            f"nhân dân về việc {subject}."
        )
        doc = {
            "kind": "notice",
            "title": title,
            "published_on": published_on.isoformat(),
            "body": self.dated_body(lead, cites),
            "directives": [c.number for c in cites],
            "audience": self.fill(self.pick(AUDIENCES)),
            "posted_at": self.fill(self.pick(POSTED_AT)),
        }
        # Most notices expire after days or weeks; a few stand indefinitely.
        if self.rnd.random() < 0.9:
            days = self.rnd.choice([7, 14, 30, 60, 90])
            doc["valid_until"] = (
                published_on + datetime.timedelta(days=days)
            ).isoformat()
        return doc

    def article(self) -> dict:
        published_on = self.date_between(datetime.date(2015, 1, 1), END)
        topic = self.pick(TOPICS)
        title = self.unique_title(
            "article",
            self.fill(self.pick(ARTICLE_PATTERNS), topic=topic),
            published_on,
        )
        cites = self.cited(published_on)
        lead = (
            f"Thời gian qua, phường {self.pick(WARDS)} đã tích cực triển khai "
            f"công tác {topic}, bước đầu đạt nhiều kết quả."
        )
        return {
            "kind": "article",
            "title": title,
            "published_on": published_on.isoformat(),
            "body": self.dated_body(lead, cites),
            "directives": [c.number for c in cites],
            "author": self.person(),
        }


def generate(directives: int, notices: int, articles: int, seed: int = 20261121):
    """Yield documents: all directives first so that citations resolve."""
    gen = Generator(seed)
    for _ in range(directives):
        yield gen.directive()
    if not gen.refs and (notices or articles):
        raise ValueError("notices and articles need at least one directive")
    for _ in range(notices):
        yield gen.notice()
    for _ in range(articles):
        yield gen.article()


def write_corpus(path: Path, directives: int, notices: int, articles: int, seed):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for doc in generate(directives, notices, articles, seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    tmp.replace(path)  # never leave a half-written corpus behind


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directives", type=int, default=20000)
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.directives, args.notices, args.articles, args.seed)
    total = args.directives + args.notices + args.articles
    print(f"wrote {total} documents to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
