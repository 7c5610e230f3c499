"""The composition root: settings -> engine -> database -> services.

Everything is built on demand here and nowhere else; importing this module builds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from rapport.config import Settings, load_settings
from rapport.services.workspace import WorkspaceService
from rapport.storage import database
from rapport.storage.unit_of_work import Database

if TYPE_CHECKING:
    from rapport.services.conversation import ConversationService


def engine_from_settings(settings: Settings | None = None) -> Engine:
    settings = settings or load_settings()
    return database.create_engine(settings.resolved_database_url())


@dataclass
class Container:
    """The wired application. Services are created on first use and then reused."""

    settings: Settings
    migrate: bool = True
    _migrated: bool = field(default=False, init=False)

    @cached_property
    def engine(self) -> Engine:
        return engine_from_settings(self.settings)

    @cached_property
    def db(self) -> Database:
        if self.migrate and not self._migrated:
            database.upgrade(self.engine)
            self._migrated = True
        return Database(self.engine)

    @cached_property
    def workspace(self) -> WorkspaceService:
        return WorkspaceService(self.db)

    @cached_property
    def conversation(self) -> ConversationService:
        from rapport.services.conversation import ConversationService

        return ConversationService(self.db, self.workspace, self.settings)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()


def build(settings: Settings | None = None, *, migrate: bool = True) -> Container:
    return Container(settings=settings or load_settings(), migrate=migrate)
