import os

import pytest

from rend import Rend


def pytest_configure(config: pytest.Config) -> None:
    # These tests run against a live Rend; without one they fail rather than skip.
    missing = [name for name in ("REND_API_URL", "REND_API_KEY", "REND_FIXTURE") if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(
            f"{', '.join(missing)} unset: run through scripts/with-embedded-rend.sh (see sdks/python/ci.sh)"
        )


@pytest.fixture
def rend():
    with Rend() as client:
        yield client


@pytest.fixture
def fixture_path() -> str:
    return os.environ["REND_FIXTURE"]
