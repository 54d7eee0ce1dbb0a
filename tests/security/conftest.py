"""Reuse the forecast personas (owner, other employer, staff, draft)."""

from tests.forecasts.conftest import *  # noqa: F403
