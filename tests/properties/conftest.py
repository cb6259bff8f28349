"""Hypothesis profiles: quick locally, more examples and derandomised in CI (CI=true)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, settings

from tests.conftest import IN_CI

settings.register_profile("dev", max_examples=100, deadline=timedelta(seconds=2))
settings.register_profile(
    "ci",
    max_examples=600,
    deadline=timedelta(seconds=10),
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if IN_CI else "dev")
