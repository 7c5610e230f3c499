"""A small stored workspace, as importers see it (no database needed)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rapport.domain.model import Client, Contact, Workspace
from rapport.importers.plan import Known

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def known() -> Known:
    return Known(
        Workspace(
            clients=[
                Client(name="Fjordlys AS", language="nb", timezone="Europe/Oslo", id=1),
                Client(name="Sakura KK", language="ja", timezone="Asia/Tokyo", id=2),
                Client(
                    name="Yuntu Tech",
                    language="zh-Hans",
                    timezone="Asia/Shanghai",
                    email="wang.xm@yuntu.example.cn",
                    id=3,
                ),
                Client(name="Hanoi Coffee", language="vi", timezone="Asia/Ho_Chi_Minh", id=4),
            ],
            contacts=[
                Contact(client_id=1, name="Åse Bjørnstad", email="ase@fjordlys.example.no", id=1),
                Contact(client_id=2, name="山田 太郎", email="taro.yamada@sakura.example.jp", id=2),
                Contact(
                    client_id=4,
                    name="Bank",
                    email="appointments@wellsfargo.com",
                    external_id="vcard:bank",
                    id=3,
                ),
            ],
        )
    )


EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
