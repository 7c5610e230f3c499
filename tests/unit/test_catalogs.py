"""Every translation catalog is complete: each message of each domain's template has a
(non-fuzzy) translation in ja, vi, zh-Hans and nb with the same placeholders, and each
template is up to date with the sources."""

from __future__ import annotations

import pytest

from rapport.i18n import catalog_gaps, domains


@pytest.mark.parametrize("domain", domains() or ["(none yet)"])
def test_catalog_is_complete(domain: str) -> None:
    if domain == "(none yet)":
        pytest.skip("no translation domains yet")
    gaps = catalog_gaps(domain)
    assert not gaps, f"untranslated or broken messages in domain {domain!r}: {gaps}"
