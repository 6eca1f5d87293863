import pytest

from tests.factories import UserFactory
from vertrouwenspersonen.models import Kwestie, Vertrouwenspersoon


def make_vertrouwenspersoon(username="vertrouwenspersoon", **kwargs):
    user = UserFactory(username=username, **kwargs)
    Vertrouwenspersoon.objects.create(gebruiker=user)
    return user


@pytest.fixture
def vp(db):
    return make_vertrouwenspersoon()


@pytest.fixture
def vp_client(client, vp):
    client.force_login(vp)
    return client


def log(vp, jaar, maand, onderwerp, vervolg="alleen_gesprek", count=1):
    Kwestie.objects.bulk_create(
        Kwestie(jaar=jaar, maand=maand, onderwerp=onderwerp, vervolg=vervolg, vertrouwenspersoon=vp)
        for _ in range(count)
    )
