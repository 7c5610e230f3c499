"""Login throttling in the database, atomic on SQLite and PostgreSQL alike.

One ``login_throttle`` row per user name and address counts the tries taken since
``window_start``. :func:`take_try` makes sure the row exists (an insert that ignores a
conflict), starts a new window when the old one is over, and then takes a try with one
conditional ``UPDATE ... SET failures = failures + 1 WHERE failures < limit``: the database
applies such updates to a row one at a time (PostgreSQL locks the row and re-checks the
condition for a waiting update; SQLite lets one writer in at a time), so of any number of
concurrent attempts at most ``limit`` get a try.

Besides each (name, address) pair, two rows count across pairs: ``ANY_NAME`` with an
address (one address trying many names: password spraying) and ``ANY_ADDRESS`` with a name
(one account tried from many addresses). Neither can be a real key: names are stripped of
surrounding spaces and addresses are IP addresses. A successful login gives its try back
to those two rows (:func:`give_back`), so they count failures, not an office full of
people logging in from one address.
"""

from __future__ import annotations

from datetime import timedelta

from rapport.clock import now
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Session

ANY_NAME = " *"
"""The name of the row that counts every name's tries from one address."""
ANY_ADDRESS = " *"
"""The address of the row that counts one name's tries from every address."""


def _repos(unit: Repositories | Session) -> Repositories:
    return unit if isinstance(unit, Repositories) else Repositories(unit)


def take_try(
    unit: Repositories | Session, name: str, address: str, *, limit: int, window: timedelta
) -> bool:
    """Take one try for ``name`` from ``address`` in the transaction of ``unit`` (its
    repositories or its session); False when none is left."""
    return _repos(unit).accounts.take_try(name, address, limit=limit, window=window, at=now())


def forget(unit: Repositories | Session, name: str, address: str) -> None:
    """A successful login: the name's tries from this address start afresh."""
    _repos(unit).accounts.forget_tries(name, address)


def give_back(unit: Repositories | Session, name: str, address: str) -> None:
    """Return one try to a row (a successful login on a row that counts across pairs)."""
    _repos(unit).accounts.give_back_try(name, address)
