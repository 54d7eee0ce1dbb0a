import signal

import pytest

from tests.forecasts.conftest import *  # noqa: F403  (occupations, places, campaign, draft)
from tests.foundation.outbox.backends import FlakyBackend


@pytest.fixture
def flaky_mail(settings):
    """Send through FlakyBackend; set ``flaky_mail.failures`` to make the server refuse."""
    settings.EMAIL_BACKEND = "tests.foundation.outbox.backends.FlakyBackend"
    FlakyBackend.failures = FlakyBackend.calls = 0
    yield FlakyBackend
    FlakyBackend.failures = FlakyBackend.calls = 0


@pytest.fixture
def keep_signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; put pytest's back after."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)
