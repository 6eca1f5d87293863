"""Factories shared by all apps' tests. App-specific factories live in tests/<app>/factories.py."""

from django.contrib.auth import get_user_model

import factory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Jansen {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@provincie.example")
    password = factory.django.Password("geheim-wachtwoord")
