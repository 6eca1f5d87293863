"""Everything that changes a report goes through here, in one transaction per action.

The page and the admin views stay thin: they validate input and call one function. Every
team action checks that the user is in the report's team and writes an audit line.
Nothing here logs, caches or mails content or identity.

One module per concern; the names below are re-exported so `services.submit_report` etc.
keep working. Import a module directly (`from meldkanaal.services.access import …`) when
you need only that concern.
"""

from .access import (
    check_team,
    is_beheerder,
    is_excluded,
    is_meldpunt_admin,
    is_team_member,
    readers,
    teams,
    user_teams,
)
from .case_actions import (
    DEFAULT_ACKNOWLEDGEMENT,
    acknowledge,
    assign_handler,
    change_status,
    exclude_member,
    lift_exclusion,
    mark_unreachable,
    message_reporter,
    pass_on,
    record_download,
    record_minutes_checked,
    record_outcome,
    record_read,
    reopen,
)
from .codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PREFIX_LENGTH,
    code_prefix,
    find_by_code,
    new_follow_up_code,
    normalize_code,
)
from .common import ActieGeweigerd, Upload
from .intake import reporter_message, submit_report, team_for
from .notifications import (
    queue_reminders,
    send_notifications_task,
    send_pending_notifications,
)
from .retention import clean_up
from .statistics import (
    HIDDEN_COUNT,
    SMALL_COUNT,
    published_tables,
    shown_count,
    statistics,
    statistics_years,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CODE_PREFIX_LENGTH",
    "DEFAULT_ACKNOWLEDGEMENT",
    "HIDDEN_COUNT",
    "SMALL_COUNT",
    "ActieGeweigerd",
    "Upload",
    "acknowledge",
    "assign_handler",
    "change_status",
    "check_team",
    "clean_up",
    "code_prefix",
    "exclude_member",
    "find_by_code",
    "is_beheerder",
    "is_excluded",
    "is_meldpunt_admin",
    "is_team_member",
    "lift_exclusion",
    "mark_unreachable",
    "message_reporter",
    "new_follow_up_code",
    "normalize_code",
    "pass_on",
    "published_tables",
    "queue_reminders",
    "readers",
    "record_download",
    "record_minutes_checked",
    "record_outcome",
    "record_read",
    "reopen",
    "reporter_message",
    "send_notifications_task",
    "send_pending_notifications",
    "shown_count",
    "statistics",
    "statistics_years",
    "submit_report",
    "team_for",
    "teams",
    "user_teams",
]
