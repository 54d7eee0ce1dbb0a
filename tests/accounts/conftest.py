"""The forecast data of tests/forecasts (classification, places, campaign, draft)."""

from tests.forecasts.conftest import *  # noqa: F403
