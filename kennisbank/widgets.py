"""Admin widgets of the kennisbank."""

from django import forms


class NativeDateInput(forms.DateInput):
    """The browser's own date field (<input type="date">) for legal dates.

    Wagtail's date picker turns a date it cannot read, such as "2020-01-14" in a
    dd-mm-jjjj field, silently into today's date, and 31-02 into 02-03. For the date a
    rule was adopted that is a wrong fact, unseen. The browser's field only takes real
    dates, shows them in the reader's own notation and offers a calendar.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")  # the value format of type=date
