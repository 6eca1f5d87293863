"""Demo content of the meldkanaal app, loaded by `manage.py load_demo`."""


def load(home, accounts) -> dict:
    return {}
