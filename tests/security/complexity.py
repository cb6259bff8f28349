"""Growth checks for hostile input: time for n, 10n and 100n copies of a pattern must grow linearly.

Bounds are generous (a 10× larger input may take up to 15× longer, and times under ``floor`` seconds count as
``floor``) so that a busy machine does not fail them; a quadratic step (100×) still does. The largest size is
tried only when the step before it was linear, so a blowup fails fast instead of hanging the suite; a step that
looks superlinear is measured again (best of three) before it fails, as one slow run on a busy machine is noise.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence

SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)


def _seconds(run: Callable[[int], object], n: int, repeat: int) -> float:
    """The best of ``repeat`` runs, with the garbage collector paused: its full collections grow with every
    object alive, so they would make linear code on 100k copies look superlinear."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run(n)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def assert_linear(
    run: Callable[[int], object],
    sizes: Sequence[int] = SIZES,
    *,
    max_ratio: float = 15.0,
    floor: float = 0.02,
    what: str = "",
) -> list[float]:
    """Time ``run(n)`` for each size; fail when one step grows more than ``max_ratio`` × per 10×."""
    times: list[float] = []
    for index, n in enumerate(sizes):
        seconds = _seconds(run, n, repeat=1 if index == len(sizes) - 1 else 2)
        if times:
            previous = sizes[index - 1]
            step = n / previous
            if not _within(times[-1], seconds, step, max_ratio, floor):
                # A busy machine (or a cold first run) can slow one measurement: measure both sizes again,
                # best of three, before calling the growth superlinear.
                times[-1] = min(times[-1], _seconds(run, previous, repeat=3))
                seconds = min(seconds, _seconds(run, n, repeat=2))
            ratio = max(seconds, floor) / max(times[-1], floor)
            assert _within(times[-1], seconds, step, max_ratio, floor), (
                f"{what or 'input'}: {previous:,} copies took {times[-1]:.3f} s, {n:,} took "
                f"{seconds:.3f} s ({ratio:.1f}× for {step:.0f}× the input)"
            )
        times.append(seconds)
    return times


def _within(before: float, after: float, step: float, max_ratio: float, floor: float) -> bool:
    return max(after, floor) / max(before, floor) <= max_ratio * step / 10
