import pytest

from .a11y import AXE_CORE, AXE_PREFIX


@pytest.fixture(autouse=True)
def _axe_core_served(settings):
    """The live server serves the vendored axe-core at a11y.AXE_URL, for these tests only."""
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, (AXE_PREFIX, AXE_CORE)]
