from __future__ import annotations

import io
import zipfile
from typing import Any

from tests.conftest import ROOT

CLIENTS = b"name,language,timezone\nSakura KK,ja,Asia/Tokyo\nHanoi Coffee,vi,Asia/Ho_Chi_Minh\n"


def upload(api: Any, fmt: str, name: str, data: bytes, **params: str) -> Any:
    return api.post(f"/api/import/{fmt}", params=params, files={"file": (name, data)})


def test_import_upload_dry_run_then_for_real(api: Any) -> None:
    dry = upload(api, "csv", "clients.csv", CLIENTS, dry_run="true")
    assert dry.status_code == 200
    assert dry.json()["would_create"] == {"client": 2}
    assert api.get("/api/clients").json()["total"] == 0
    done = upload(api, "csv", "clients.csv", CLIENTS)
    assert done.json()["created"] == {"client": 2}
    assert upload(api, "csv", "clients.csv", CLIENTS).json()["created"] == {}


def test_bad_upload_is_422_with_the_problems(api: Any) -> None:
    response = upload(api, "csv", "m.csv", b"client,start\nNobody,2026-01-01\n")
    assert response.status_code == 422
    assert response.json()["problems"] == ["m.csv:2: no client named Nobody"]
    response = upload(api, "ics", "m.ics", b"hello")
    assert response.status_code == 422


def test_ics_upload_with_window_and_client(api: Any) -> None:
    upload(api, "csv", "clients.csv", CLIENTS)
    data = (ROOT / "tests" / "fixtures" / "ics" / "radicale-0827.ics").read_bytes()
    params = {
        "client": "Hanoi Coffee",
        "from": "2017-01-01T00:00:00Z",
        "to": "2019-01-01T00:00:00Z",
    }
    response = upload(api, "ics", "r.ics", data, **params)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == {"interaction": 26}


def test_exports(api: Any) -> None:
    upload(api, "csv", "clients.csv", CLIENTS)
    doc = api.get("/api/export.json").json()
    assert [c["name"] for c in doc["clients"]] == ["Sakura KK", "Hanoi Coffee"]
    archive = api.get("/api/export.zip")
    assert archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        assert z.read("clients.csv").decode().startswith("name,kind,language,timezone")


def test_export_zip_quotes_cells_a_spreadsheet_would_run(api: Any) -> None:
    made = api.post("/api/clients", json={"name": "=cmd|' /C calc'!A0", "timezone": "UTC"})
    assert made.status_code in (200, 201), made.text
    archive = api.get("/api/export.zip")
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        rows = z.read("clients.csv").decode().splitlines()
    assert rows[1].startswith("'=cmd|' /C calc'!A0,")
