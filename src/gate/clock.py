"""Time as the code that waits sees it: tests pass a clock that does not really wait."""

from __future__ import annotations

import time
from typing import Callable, NamedTuple


class Clock(NamedTuple):
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], float] = time.monotonic
