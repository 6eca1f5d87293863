"""Error reports (500 e-mails to ADMINS, Django's debug page) that never carry a report.

Django's reporter puts the POST data, uploaded file names, the logged-in user, the client's
address and user agent and every local variable of the traceback into an error e-mail, and
`sensitive_post_parameters`/`sensitive_variables` only hide what is marked by hand (not the
plain text inside the ORM or the cryptography library). For a request of the meldkanaal all
of that is replaced by a placeholder, with DEBUG on as well. Active through
DEFAULT_EXCEPTION_REPORTER(_FILTER) in the settings.
"""

import logging
import traceback

from django.conf import settings
from django.urls import reverse
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = "[verborgen: meldkanaal]"
# Request headers that may stay in an error report: they say nothing about the reporter.
KEPT_META = ("REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT", "CONTENT_TYPE")


def is_meldkanaal_request(request) -> bool:
    """The reporter's pages (flagged by the form page, wherever editors move it, and /melden/)
    and the team's pages in the admin."""
    if request is None:
        return False
    if getattr(request, "is_meldkanaal", False):
        return True
    path = getattr(request, "path", "")
    admin = reverse("wagtailadmin_home")
    return path.startswith((settings.MELDKANAAL_PATH, f"{admin}meldkanaal/"))


class MeldkanaalExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return is_meldkanaal_request(request) or super().is_active(request)

    def get_post_parameters(self, request):
        if not is_meldkanaal_request(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, HIDDEN)

    def get_safe_request_meta(self, request):
        if not is_meldkanaal_request(request):
            return super().get_safe_request_meta(request)
        return {k: (v if k in KEPT_META else HIDDEN) for k, v in request.META.items()}

    def get_safe_cookies(self, request):
        if not is_meldkanaal_request(request):
            return super().get_safe_cookies(request)
        return dict.fromkeys(request.COOKIES, HIDDEN)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not is_meldkanaal_request(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, HIDDEN) for name in tb_frame.f_locals]


class MeldkanaalExceptionReporter(ExceptionReporter):
    """Also hides the account, the uploaded files, the query string and the exception text
    (a database error can quote a value) for a meldkanaal request."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if is_meldkanaal_request(self.request):
            data["user_str"] = HIDDEN
            data["request_FILES_items"] = [(name, HIDDEN) for name in self.request.FILES]
            data["request_GET_items"] = [(name, HIDDEN) for name in self.request.GET]
            data["request_insecure_uri"] = self.request.path
            if "exception_value" in data:
                data["exception_value"] = HIDDEN
            data.pop("exception_notes", None)
            data["unicode_hint"] = ""
        return data


class HideMeldkanaalDetails(logging.Filter):
    """A log line about a meldkanaal request keeps the traceback but not the exception text,
    which can quote what was sent (the console handler uses it: settings LOGGING)."""

    def filter(self, record):
        if record.exc_info and is_meldkanaal_request(getattr(record, "request", None)):
            exc_type, _, tb = record.exc_info
            record.exc_text = (
                "Traceback (most recent call last):\n"
                + "".join(traceback.format_tb(tb))
                + f"{exc_type.__name__}: {HIDDEN}"
            )
        return True
