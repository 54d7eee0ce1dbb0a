from pathlib import Path

import pytest

AXE_CORE = Path(__file__).parent / "vendor" / "axe-core"


@pytest.fixture(autouse=True)
def _axe_core_served(settings):
    """The live server serves the vendored axe-core at a11y.AXE_URL, for these tests only."""
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("axe-core", AXE_CORE)]
