from __future__ import annotations

from rapport.domain.model import Client, Contact, Workspace
from rapport.importers.plan import Known
from rapport.importers.vcard import read_vcard
from tests.unit.importer_helpers import FIXTURES, known


def test_radicale_card_without_org_is_skipped_or_assigned() -> None:
    data = (FIXTURES / "vcf" / "radicale-1587.vcf").read_bytes()
    plan = read_vcard(data, "r.vcf", known())
    assert plan.create == [] and plan.problems == []
    assert plan.skip[0].reason == "no ORG on the card (assign with --client)"
    plan = read_vcard(data, "r.vcf", known(), client="hanoi coffee")
    contact = plan.create[0].obj
    assert isinstance(contact, Contact)
    assert (contact.name, contact.client_id) == ("Given Family", 4)


def only_ase() -> Known:
    ws = known().workspace
    return Known(Workspace(clients=ws.clients, contacts=ws.contacts[:1]))


def test_v3_v4_multilingual_cards_map_org_to_clients() -> None:
    data = (FIXTURES / "vcf" / "rapport-contacts.vcf").read_bytes()
    plan = read_vcard(data, "c.vcf", only_ase())
    assert plan.problems == []
    new_clients = [i.obj.name for i in plan.create if isinstance(i.obj, Client)]
    assert new_clients == ["株式会社サクラ", "Cà Phê Hà Nội", "上海云图科技有限公司"]
    contacts = {i.obj.name: i for i in plan.create if isinstance(i.obj, Contact)}
    taro = contacts["山田 太郎"].obj
    assert (taro.email, taro.phone, taro.title) == (
        "taro.yamada@sakura.example.jp",
        "+81-3-1234-5678",
        "部長",
    )
    assert taro.notes.endswith("長いメモは複数行に折り返されます。")  # folded line
    assert taro.external_id == "vcard:urn:uuid:5f1c2d3e-0001-4a00-8000-000000000001"
    lan = contacts["Nguyễn Thị Lan"]
    assert lan.obj.email == "lan.nguyen@caphe.example.vn" and lan.client_name == "Cà Phê Hà Nội"
    # "fjordlys as" matches the stored "Fjordlys AS"; Åse is already stored (same email)
    assert contacts["Kari Nordmann"].obj.client_id == 1
    assert [s.label for s in plan.skip] == ["Åse Bjørnstad (Fjordlys AS)"]
    assert contacts["王小明"].obj.external_id.startswith("vcard:")  # no UID: stable hash
    assert plan.create[0].where == "c.vcf:1"


def test_contact_with_a_stored_email_is_already_present() -> None:
    data = (FIXTURES / "vcf" / "rapport-contacts.vcf").read_bytes()
    plan = read_vcard(data, "c.vcf", known())
    assert "山田 太郎 (株式会社サクラ)" in [s.label for s in plan.skip]
    assert "株式会社サクラ" not in [i.label for i in plan.create]


def test_same_file_read_twice_gives_the_same_ids() -> None:
    data = (FIXTURES / "vcf" / "rapport-contacts.vcf").read_bytes()
    one = read_vcard(data, "c.vcf", known())
    two = read_vcard(data, "c.vcf", known())
    assert [i.obj.external_id for i in one.create if isinstance(i.obj, Contact)] == [
        i.obj.external_id for i in two.create if isinstance(i.obj, Contact)
    ]


def test_duplicate_cards_in_one_file_are_skipped() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x1\r\nFN:Ola\r\nORG:Fjordlys AS\r\nEND:VCARD\r\n"
    plan = read_vcard((card * 2).encode(), "d.vcf", known())
    assert len(plan.create) == 1
    assert plan.skip[0].reason == "same card as line 1" and plan.skip[0].where == "d.vcf:7"


def test_broken_card_gives_its_line() -> None:
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:X\nORG:Y\nthis is not a property\nEND:VCARD\n"
    plan = read_vcard(data, "b.vcf", known())
    assert plan.problems == [
        "b.vcf:5: not a valid vCard: Failed to parse line: this is not a property"
    ]


def test_bad_email_and_missing_name_are_problems() -> None:
    data = (
        b"BEGIN:VCARD\nVERSION:3.0\nFN:X\nORG:Y\nEMAIL:nobody\nEND:VCARD\n"
        b"BEGIN:VCARD\nVERSION:3.0\nORG:Y\nEND:VCARD\n"
    )
    plan = read_vcard(data, "b.vcf", known())
    assert plan.problems == [
        "b.vcf:1: not an email address: 'nobody'",
        "b.vcf:7: card has no name (FN or N)",
    ]


def test_unknown_client_option_suggests() -> None:
    plan = read_vcard(b"BEGIN:VCARD\nFN:X\nEND:VCARD\n", "b.vcf", known(), client="Sakuro KK")
    assert plan.problems == ["b.vcf: --client: no client named Sakuro KK (did you mean Sakura KK?)"]


def test_vcard_21_quoted_printable_and_apple_grouped_properties() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8:Nordmann;Ola\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ola=20N=C3=B8rdmann\r\n"
        b"ORG:Fjordlys AS\r\nTEL;WORK;VOICE:+4722000000\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kari\r\n"
        b"item1.EMAIL;type=INTERNET;type=pref:kari@fjordlys.example.no\r\n"
        b"item1.X-ABLabel:_$!<Other>!$_\r\nORG:Fjordlys AS;\r\nEND:VCARD\r\n"
    )
    plan = read_vcard(data, "old.vcf", known())
    assert plan.problems == []
    ola, kari = (i.obj for i in plan.create)
    assert (ola.name, ola.phone, ola.client_id) == ("Ola Nørdmann", "+4722000000", 1)
    assert (kari.email, kari.client_id) == ("kari@fjordlys.example.no", 1)


def test_undecodable_value_is_a_problem_not_a_crash() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=b:Ola\r\nEND:VCARD\r\n"
    plan = read_vcard(data, "b.vcf", known())
    assert len(plan.problems) == 1
    assert plan.problems[0].startswith("b.vcf: card 1: not a valid vCard: ")
