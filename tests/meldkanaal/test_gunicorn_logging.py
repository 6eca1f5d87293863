"""The production access log (gunicorn) never records a reporter."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from meldkanaal.gunicorn_logging import AccessLogger

REPO = Path(__file__).resolve().parents[2]


def _logger(access_log_format: str) -> tuple[AccessLogger, list[str]]:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", access_log_format)
    logger = AccessLogger(config)
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    logger.access_log.handlers = [Collect()]
    return logger, lines


def _request(logger, path, method="GET"):
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.20.30.40",
        "HTTP_USER_AGENT": "Canarybrowser/1.0",
        "HTTP_REFERER": "https://intranet.example/melden/",
    }
    headers = [("X-FORWARDED-FOR", "10.20.30.41"), ("USER-AGENT", "Canarybrowser/1.0")]
    response = SimpleNamespace(status="200 OK", sent=123, headers=[])
    request = SimpleNamespace(headers=headers)
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))


def test_project_config_uses_the_logger_and_a_format_without_addresses():
    config = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert config["logger_class"] == "meldkanaal.gunicorn_logging.AccessLogger"
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(u)s", "%(r)s", "%(q)s"):
        assert atom not in config["access_log_format"]
    logger, lines = _logger(config["access_log_format"])
    _request(logger, "/zoeken/")
    assert len(lines) == 1 and '"GET /zoeken/ HTTP/1.1" 200 123' in lines[0]


def test_meldkanaal_pages_and_reporters_never_reach_the_access_log():
    # Even an operator's own format asking for address, agent and forwarded-for gets dashes.
    logger, lines = _logger("%(h)s %(a)s %(f)s %({x-forwarded-for}i)s %({remote_addr}e)s %(U)s")
    for path in ("/melden/", "/melden/bevestiging/", "/melden/opvolgen/"):
        _request(logger, path, "POST")
    assert lines == []
    _request(logger, "/zoeken/")
    assert lines == ["- - - - - /zoeken/"]
