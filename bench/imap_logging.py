"""Time e-mail logging of a large IMAP folder on a local Dovecot (issue 15).

    .venv/bin/python bench/imap_logging.py [--messages 10000] [--new 20] [--db URL]

Starts Debian's Dovecot (tests/imap_server.py: passwd-file auth, maildir in a temporary
folder, plain IMAP on a loopback port), puts ``--messages`` messages into INBOX by IMAP
MULTIAPPEND (threads of 4: a first message and three replies with In-Reply-To and
References, from contacts of 50 clients, one thread in 10 from nobody known), then times
``rapport sync`` three times through the service: the first run (every message's headers
fetched and written, 200 a batch), a run with nothing new (SELECT, one UID SEARCH), and a
run after ``--new`` more replies arrived. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.imap_server import PASSWORD, USER, dovecot, message  # noqa: E402

from rapport.bootstrap import build  # noqa: E402
from rapport.config import Settings  # noqa: E402
from rapport.domain.model import Client, Contact  # noqa: E402

CLIENTS = 50
PER_THREAD = 4


def _mail(n: int, start: datetime) -> bytes:
    thread, step = divmod(n, PER_THREAD)
    who = thread % CLIENTS
    sender = f"person{who}@client{who}.test" if thread % 10 else f"stranger{thread}@nowhere.test"
    root = f"<t{thread}.0@bench.test>"
    refs = [f"<t{thread}.{k}@bench.test>" for k in range(step)]
    m = message(
        sender if step % 2 == 0 else USER,
        [USER if step % 2 == 0 else sender],
        f"{'Re: ' if step else ''}Topic {thread}",
        "Hello,\n\nA line of text.\n",
        start + timedelta(minutes=n),
        message_id=f"<t{thread}.{step}@bench.test>",
        in_reply_to=refs[-1] if refs else None,
        references=refs or None,
    )
    assert step == 0 or refs[0] == root
    return m.as_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=20)
    parser.add_argument("--db", default=None, help="database URL (default: SQLite)")
    args = parser.parse_args()
    start = datetime(2026, 6, 1, tzinfo=UTC)
    with dovecot() as server, tempfile.TemporaryDirectory() as tmp:
        c = server.client()
        made = time.perf_counter()
        for i in range(0, args.messages, 500):
            c.multiappend("INBOX", [_mail(n, start) for n in range(i, min(i + 500, args.messages))])
        c.logout()
        print(json.dumps({"appended": args.messages, "s": round(time.perf_counter() - made, 2)}))
        settings = Settings(data_dir=Path(tmp), database_url=args.db or f"sqlite:///{tmp}/bench.db")
        container = build(settings)
        ws = container.workspace
        for k in range(CLIENTS):
            client = ws.add(Client(name=f"Client {k}"))
            assert client.id is not None
            ws.add(Contact(client_id=client.id, name=f"P{k}", email=f"person{k}@client{k}.test"))
        container.mail_sync.add(
            "127.0.0.1", username=USER, password=PASSWORD, port=server.port, security="none"
        )

        def run(label: str) -> None:
            began = time.perf_counter()
            (result,) = container.mail_sync.sync_all()
            seconds = time.perf_counter() - began
            out = {"run": label, "s": round(seconds, 2), **result.as_json()}
            out.pop("url")
            print(json.dumps(out))

        run("first")
        run("nothing new")
        c = server.client()
        c.multiappend(
            "INBOX",
            [_mail(n, start) for n in range(args.messages, args.messages + args.new)],
        )
        c.logout()
        run(f"{args.new} new")
        container.close()


if __name__ == "__main__":
    main()
