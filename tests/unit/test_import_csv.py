from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from rapport.domain.model import Client, InteractionKind, Origin, RevenueKind
from rapport.errors import ImportProblem
from rapport.importers.csv_tables import read_csv
from rapport.importers.plan import Plan
from tests.unit.importer_helpers import known


def plan_of(text: str | bytes, what: str | None = None) -> Plan:
    data = text.encode() if isinstance(text, str) else text
    return read_csv(data, "in.csv", known(), what=what)


def test_clients_with_bom_and_crlf_are_read() -> None:
    data = (
        "\ufeffname,kind,language,timezone,origin,referred_by,cadence_days,personal_budget,email\r\n"
        "Oslo Design,organisation,no,Europe/Oslo,,Fjordlys AS,14,0.2,post@oslo.example\r\n"
        "Trần Minh,person,vi,Asia/Ho_Chi_Minh,friend,,30,0.3,\r\n"
    )
    plan = plan_of(data)
    assert plan.problems == []
    assert plan.what == "clients"
    first, second = (item.obj for item in plan.create)
    assert isinstance(first, Client)
    assert (first.name, first.language, first.cadence_days, first.personal_budget) == (
        "Oslo Design",
        "nb",
        14,
        0.2,
    )
    assert first.origin is Origin.REFERRAL
    assert plan.create[0].referred_by == "Fjordlys AS"
    assert (second.name, second.origin) == ("Trần Minh", Origin.FRIEND)
    assert plan.create[1].where == "in.csv:3"


def test_existing_clients_are_skipped_case_insensitively() -> None:
    plan = plan_of("name\nsakura kk\nNew One\n")
    assert [s.label for s in plan.skip] == ["sakura kk"]
    assert [i.label for i in plan.create] == ["New One"]


def test_empty_file_is_one_problem() -> None:
    assert plan_of("").problems == [
        "in.csv:1: the file is empty (expected a header row, e.g. name,kind)"
    ]
    assert plan_of("\ufeff\r\n").problems[0].startswith("in.csv:1: the file is empty")


def test_wrong_columns_name_the_column_and_suggest() -> None:
    plan = plan_of("name,langauge\nX,en\n")
    assert len(plan.problems) == 1
    assert plan.problems[0].startswith("in.csv:1: unknown column 'langauge' for clients")
    assert "(did you mean language?)" in plan.problems[0]


def test_header_that_fits_no_table_asks_for_what() -> None:
    plan = plan_of("foo,bar\n1,2\n")
    assert plan.problems[0].startswith("in.csv:1: cannot tell which table")
    assert "--what" in plan.problems[0]


def test_what_forces_the_table_and_reports_missing_columns() -> None:
    plan = plan_of("name\nX\n", what="revenue")
    assert "in.csv:1: missing column 'client' for revenue" in plan.problems


def test_unknown_client_says_line_and_did_you_mean() -> None:
    plan = plan_of(
        "client,start,kind\nSakura KK,2026-01-05 10:00,video\nSakra KK,2026-01-06,call\n"
    )
    assert plan.problems == ["in.csv:3: no client named Sakra KK (did you mean Sakura KK?)"]


def test_bad_values_are_each_reported_with_their_line() -> None:
    plan = plan_of(
        "client,start,kind,duration_min,business_min,personal_min\n"
        "Sakura KK,2026-02-30 10:00,video,60,,\n"
        "Sakura KK,2026-01-05 10:00,zoom,sixty,,\n"
        "Sakura KK,2026-01-06 10:00,call,30,40,5\n"
    )
    assert plan.problems[0].startswith(
        "in.csv:2: start: not an ISO date or time: '2026-02-30 10:00'"
    )
    assert plan.problems[1].startswith("in.csv:3: kind: unknown value 'zoom'")
    assert plan.problems[2] == "in.csv:3: duration_min: not a whole number: 'sixty'"
    assert plan.problems[3].startswith("in.csv:4: business + personal minutes (45) exceed")
    assert plan.create == []


def test_times_without_zone_are_read_in_the_clients_zone_and_said_so() -> None:
    plan = plan_of(
        "client,start,kind,duration_min,business_min,personal_min,summary\n"
        "Sakura KK,2026-01-05 10:00,video,60,50,10,定例会議\n"
        "Fjordlys AS,2026-01-05T10:00:00+00:00,call,30,,,Status\n"
    )
    tokyo, utc = (item.obj for item in plan.create)
    assert tokyo.started_at == datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    assert tokyo.kind is InteractionKind.VIDEO
    assert (tokyo.business_min, tokyo.personal_min, tokyo.summary) == (50, 10, "定例会議")
    assert utc.started_at == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert plan.notes == [
        "times without a time zone were read in the client's zone: Sakura KK (Asia/Tokyo)"
    ]


def test_duplicate_rows_in_one_file_are_problems() -> None:
    plan = plan_of("name\nAlpha\nalpha\n")
    assert plan.problems == ["in.csv:3: client alpha appears twice (first at line 2)"]
    plan = plan_of(
        "client,date,amount,currency\n"
        "Sakura KK,2026-01-31,1200,JPY\n"
        "Sakura KK,2026-01-31,1200.00,jpy\n"
    )
    assert plan.problems[0].startswith("in.csv:3: same revenue entry as line 2")


def test_revenue_rows_and_semicolon_files() -> None:
    plan = plan_of(
        "client;date;amount;currency;kind\nHanoi Coffee;2026-03-01;2500.5;usd;retainer\n"
    )
    assert plan.problems == []
    entry = plan.create[0].obj
    assert (entry.amount, entry.currency, entry.kind) == (
        Decimal("2500.50"),
        "USD",
        RevenueKind.RETAINER,
    )
    assert entry.external_id.startswith("csv-revenue:")


def test_bad_date_and_amount_in_revenue() -> None:
    plan = plan_of("client,date,amount\nHanoi Coffee,01/03/2026,12\nHanoi Coffee,2026-03-01,12k\n")
    assert plan.problems == [
        "in.csv:2: date: not a date: '01/03/2026' (use YYYY-MM-DD)",
        "in.csv:3: amount: not an amount: '12k' (use e.g. 1250.00)",
    ]


def test_unknown_referrer_is_a_problem_with_suggestion() -> None:
    plan = plan_of("name,referred_by\nNew Co,Fjordlys\n")
    assert plan.problems == [
        "in.csv:2: referred_by: no client named Fjordlys (did you mean Fjordlys AS?)"
    ]


def test_referrer_may_be_in_the_same_file() -> None:
    assert plan_of("name,referred_by\nNew Co,Other Co\nOther Co,\n").problems == []


def test_line_numbers_follow_multiline_fields() -> None:
    plan = plan_of('name,notes\n"A","two\nlines"\nB,x\nB,y\n')
    assert plan.problems == ["in.csv:5: client B appears twice (first at line 4)"]


def test_not_utf8_is_one_clean_problem() -> None:
    with pytest.raises(ImportProblem) as err:
        plan_of("name\nBjørn\n".encode("latin-1"))
    assert err.value.problems == ["in.csv:2: not UTF-8 text (save the file as UTF-8 and try again)"]


def test_ambiguous_day_month_dates_are_refused() -> None:
    plan = plan_of("client,start\nSakura KK,03/04/2026 10:00\n")
    assert plan.problems == [
        "in.csv:2: start: not an ISO date or time: '03/04/2026 10:00' "
        "(use e.g. 2026-11-30 or 2026-11-30 15:00)"
    ]


def test_empty_trailing_columns_from_spreadsheets_are_ignored() -> None:
    plan = plan_of("name,kind,,\nAlpha,person,,\n")
    assert plan.problems == [] and [i.label for i in plan.create] == ["Alpha"]
    plan = plan_of("name,\nAlpha,oops\n")
    assert plan.problems == ["in.csv:2: a value in a column without a name in the header"]


def test_contacts_table() -> None:
    plan = plan_of(
        "client,name,email,phone,title\n"
        "Fjordlys AS,Kari Nordmann,kari@fjordlys.example.no,+47 22 00 00 00,Prosjektleder\n"
        "Fjordlys AS,Åse Bjørnstad,ase@fjordlys.example.no,,\n"
        "Fjordlys AS,Kari Nordmann,kari@fjordlys.example.no,,\n"
    )
    assert plan.what == "contacts"
    assert plan.problems == ["in.csv:4: same contact as line 2"]
    plan = plan_of("client,name,email\nFjordlys AS,Åse Bjørnstad,ase@fjordlys.example.no\n")
    assert plan.skip[0].reason == "already present"


@pytest.mark.parametrize("start", ["9999-12-31T23:00-05:00", "0001-01-01", "1899-12-31"])
def test_far_away_years_are_refused(start: str) -> None:
    plan = plan_of(f"client,start\nSakura KK,{start}\n")
    assert len(plan.problems) == 1 and "is out of range (1900-2200)" in plan.problems[0]
