"""Photo credits from credit elements and bylines from byline rows, on real pages: the template's words come off."""

from __future__ import annotations

import pytest

from copydesk.structure.hinted import markup_credit

from ..conftest import parse_page


@pytest.mark.parametrize(
    "raw, credit",
    [
        ("Copyright Shakh Aivazov/Copyright 2024 The AP. All rights reserved", "Shakh Aivazov"),
        ("(Bild: Verbraucherzentrale.de / Phishingradar)", "Verbraucherzentrale.de / Phishingradar"),
        ("Foto: Bild: SN/APA/KEYSTONE/CYRIL ZINGARO", "SN/APA/KEYSTONE/CYRIL ZINGARO"),
        ("Andrew Harnik / AP", "Andrew Harnik / AP"),
        ("© The Financial Times Ltd. 2024", "The Financial Times Ltd. 2024"),
    ],
)
def test_credits_bylines_markup_credit_drops_template_words(raw, credit):
    assert markup_credit(raw) == credit


def test_credits_bylines_rights_notice_off_the_photographer():
    # Regression: the credit element reads "Copyright <name>/Copyright 2024 The AP. All rights reserved".
    art = parse_page(
        "fundus-de-EuronewsDE-2024_04_30.html.gz",
        "https://de.euronews.com/my-europe/2024/04/30/georgien-tausende-unterstutzen-das-russische-agentengesetz",
    )
    credits = {m.credit for m in art.media}
    assert "Shakh Aivazov" in credits
    assert not any("All rights reserved" in (c or "") for c in credits)


def test_credits_bylines_date_row_is_no_byline():
    # Regression: "Published 15 hours ago" sat in the byline element and came back as a second author.
    art = parse_page(
        "fundus-za-Isolezwe-2025_11_09.html.gz",
        "https://isolezwe.co.za/izindaba/2025-11-08-kubukeka-kukude-phambili-amaphara-edla-umzila-ethekwini/",
    )
    assert [b.name for b in art.bylines] == ["Zimbili Vilakazi"]
