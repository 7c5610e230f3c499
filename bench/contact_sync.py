"""Time contact sync (CardDAV, both ways) of a large address book on a local Radicale
(issue 15).

    .venv/bin/python bench/contact_sync.py [--cards 2000] [--new 100] [--changed 20] [--db URL]

Makes a Radicale server (htpasswd auth) in a temporary folder with one address book of
``--cards`` cards (ORG one of 50 clients; the files are written into Radicale's storage
before it starts, as an address book that already exists) and ``--new`` contacts in Rapport
that are on no address book, then times ``rapport sync`` three times through the service:
the first run (every card read and made a contact, the new contacts written as cards), a run
with nothing changed (one sync-collection REPORT), and a run after ``--changed`` cards were
edited on the server and ``--changed`` other contacts in Rapport. Prints one JSON line per
run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.sync_servers import PASSWORD, USER, CardDAVBook, radicale, vcard  # noqa: E402

from rapport.bootstrap import build  # noqa: E402
from rapport.config import Settings  # noqa: E402
from rapport.domain.model import Client, Contact  # noqa: E402

CLIENTS = 50


def _card(n: int, phone: str = "+47 1000") -> str:
    return vcard(
        f"bench-{n}", f"Person {n}", f"Client {n % CLIENTS}", f"p{n}@c{n % 50}.test", phone
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--db", default=None, help="database URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "radicale"
        with radicale(folder) as base:
            book = CardDAVBook(base, "bench")
            files = folder / "collections" / "collection-root" / USER / "bench"
            for n in range(args.cards):
                (files / f"bench-{n}.vcf").write_text(_card(n), encoding="utf-8")
            warm = time.perf_counter()  # Radicale parses and caches every file once
            listed = book.http.request("PROPFIND", book.url, headers={"Depth": "1"}, timeout=600)
            assert listed.status_code == 207, listed.status_code
            warmup_s = time.perf_counter() - warm
            settings = Settings(
                database_url=args.db or f"sqlite:///{tmp}/bench.db", data_dir=Path(tmp) / "data"
            )
            container = build(settings)
            ws = container.workspace
            ids = []
            for c in range(CLIENTS):
                client = ws.add(Client(name=f"Client {c}"))
                assert client.id is not None
                ids.append(client.id)
            for n in range(args.new):
                ws.add(Contact(client_id=ids[n % CLIENTS], name=f"New {n}", email=f"n{n}@x.test"))
            sync = container.contact_sync
            sync.add(book.url, username=USER, password=PASSWORD)
            runs = []
            for label in ("first", "unchanged", "changed"):
                if label == "changed":
                    for n in range(args.changed):
                        book.put(f"bench-{n}", _card(n, "+47 2000"))
                    with container.db.reading() as s:
                        from sqlalchemy import select

                        from rapport.storage.orm import ContactRow

                        others = s.scalars(
                            select(ContactRow.id)
                            .where(ContactRow.name.like("Person %"))
                            .order_by(ContactRow.id.desc())
                            .limit(args.changed)
                        ).all()
                    for contact_id in others:
                        ws.update(Contact, contact_id, {"title": "Edited in Rapport"})
                began = time.perf_counter()
                (result,) = sync.sync_all()
                assert result.error is None, result.error
                runs.append(
                    {
                        "run": label,
                        "seconds": round(time.perf_counter() - began, 2),
                        **{
                            k: v
                            for k, v in result.as_json().items()
                            if k not in ("url", "conflict_list")
                        },
                    }
                )
            for run in runs:
                print(
                    json.dumps({"cards": args.cards, "server_warmup_s": round(warmup_s, 2), **run})
                )
            book.close()
            container.close()


if __name__ == "__main__":
    main()
