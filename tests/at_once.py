"""Run a function in several threads that start at the same moment (race tests on PostgreSQL)."""

import threading

from django.db import connections


def at_once(function, times: int) -> list[BaseException]:
    """Call `function()` in `times` threads released together by a barrier, each with its
    own database connection (closed after); returns what they raised."""
    barrier = threading.Barrier(times)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            function()
        except BaseException as error:  # returned to the test, which asserts on them
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
