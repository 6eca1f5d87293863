import pytest

from tests.agenda.factories import AgendaPageFactory
from tests.factories import UserFactory


@pytest.fixture
def agenda(home_page):
    return AgendaPageFactory(parent=home_page)


@pytest.fixture
def colleague(db):
    return UserFactory(username="collega", first_name="Kees")


@pytest.fixture
def third(db):
    return UserFactory(username="derde", first_name="Fatima")
