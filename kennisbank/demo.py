"""Demo content of the kennisbank app, loaded by `manage.py load_demo`."""


def load(home, accounts) -> dict:
    return {}
