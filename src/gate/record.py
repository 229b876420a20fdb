"""The records a run builds by the hundred thousand (a model, each check, each model's
result): immutable values made in C (msgspec.Struct), several times faster to build than a
NamedTuple, whose constructor is Python code. `_replace` reads as it does on a NamedTuple."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from typing_extensions import Self


class Record(msgspec.Struct, frozen=True):
    def _replace(self, **changes: Any) -> Self:
        return msgspec.structs.replace(self, **changes)
