"""Reuse the forecast data (occupations, places, campaign, draft); personas are global."""

from tests.forecasts.conftest import *  # noqa: F403
