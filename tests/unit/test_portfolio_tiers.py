from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.model import Tier
from rapport.domain.portfolio import pareto


def test_worked_example_tiers() -> None:
    # 50 + 30 = 80%: the client that crosses 80% is still A; 10% more reaches 90% -> B.
    shares = pareto(
        {
            1: Decimal(500),
            2: Decimal(300),
            3: Decimal(100),
            4: Decimal(60),
            5: Decimal(40),
            6: Decimal(0),
        }
    )
    assert [(s.client_id, s.tier) for s in shares] == [
        (1, Tier.A),
        (2, Tier.A),
        (3, Tier.B),
        (4, Tier.B),
        (5, Tier.C),
        (6, Tier.C),
    ]
    assert shares[1].cumulative_share == 0.8


def test_override_wins() -> None:
    shares = pareto({1: Decimal(10), 2: Decimal(1)}, {2: Tier.A})
    assert shares[1].tier is Tier.A and shares[1].tier_overridden


@given(st.dictionaries(st.integers(1, 50), st.decimals(0, 10**6, places=2), min_size=1))
def test_shares_sum_to_one_and_cumulative_is_monotone(revenue: dict[int, Decimal]) -> None:
    shares = pareto(revenue)
    cumulative = [s.cumulative_share for s in shares]
    assert cumulative == sorted(cumulative)
    if sum(revenue.values()) > 0:
        assert abs(sum(s.share for s in shares) - 1.0) < 1e-9
        assert shares[0].tier is Tier.A
