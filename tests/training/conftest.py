import pytest

from kennisbank.constants import LearningForm
from tests.kennisbank.factories import ELearningPageFactory, ThemePageFactory


@pytest.fixture
def theme(home_page):
    return ThemePageFactory(parent=home_page, title="Leren", slug="leren")


@pytest.fixture
def elearning(theme):
    return ELearningPageFactory(
        parent=theme, title="E-learning morele oordeelsvorming", slug="moreel", mandatory=True
    )


@pytest.fixture
def classroom(theme):
    return ELearningPageFactory(
        parent=theme,
        title="Training integer leidinggeven",
        slug="integer-leidinggeven",
        mandatory=True,
        form=LearningForm.KLASSIKAAL,
    )
