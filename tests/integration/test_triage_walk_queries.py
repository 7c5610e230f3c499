"""The meeting request → triage → drafted reply walk reads the client once (issue 16): one
query for the contact and one for the promises, whatever the decision, on both databases.
The counts are those of bench/triage_queries.py (bench/README.md "Triage walk queries")."""

from __future__ import annotations

import pytest
from bench.triage_queries import CASES, count, seed

from rapport.bootstrap import Container


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_walk_reads_the_contact_and_the_promises_once(container: Container, case: str) -> None:
    seed(container)
    measured = count(container, CASES[case])
    assert (measured["contacts"], measured["commitments"]) == (1, 1), measured
    # 17 to 23 before the snapshot; since webhooks, one more: the outbox looks for
    # subscribers when the decision is flushed (rapport.services.events)
    assert measured["statements"] <= 16, measured
