"""The demo's per-partner table: aligned columns, and a negative net cost explained in one line."""

from __future__ import annotations

from sellerlink_local.demo.tables import NET_COST_NOTE, partner_table


def row(
    partner: str, clicks: int, sales: str, commission: str, brb: str, net: str, masked: bool = False
) -> dict:
    return {
        "partner_id": partner,
        "clicks": clicks,
        "purchases": 12,
        "sales": sales,
        "commission": commission,
        "brb": brb,
        "net_cost": net,
        "below_threshold": masked,
    }


def test_columns_line_up_whatever_the_widths_and_a_negative_net_cost_is_explained() -> None:
    # Given partners with short and long names, large and negative numbers, and a masked one
    rows = [
        row("ptr_1", 1234, "12345.67", "1234.57", "1234.57", "0.00"),
        row("ptr_2", 7, "99.99", "2.00", "10.00", "-8.00"),
        row("ptr_3", 3, "0.00", "0.00", "", "0.00", masked=True),
    ]
    names = {"ptr_1": "Trail Reviews", "ptr_2": "A Partner With A Very Long Name Indeed", "ptr_3": "Tiny"}
    # When the table is drawn
    lines = partner_table(rows, names)
    table, notes = lines[:5], lines[5:]
    # Then every line of the table has the same width and each column ends at the same place
    assert len({len(line) for line in table}) == 1
    header = table[0]
    for column in ("clicks", "sales", "net cost"):
        end = header.index(column) + len(column)
        assert all(line[end - 1] != " " for line in table[2:]), column
    assert "-8.00" in table[3] and "12,345.67" in table[2] and "Tiny *" in table[4]
    # And the negative net cost is explained in one line, the masked partner in another
    assert notes[0].strip() == NET_COST_NOTE and len(notes) == 2
