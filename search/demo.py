"""Demo content of the search app, loaded by `manage.py load_demo`."""


def load(home, accounts) -> dict:
    return {}
