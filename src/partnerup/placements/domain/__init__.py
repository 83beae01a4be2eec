"""State changes of the school programme. Views, commands and tasks call these functions only.

One module per sub-domain: `rounds` (rounds and offers), `pupils`, `applications`,
`allocation`, `placements`, `activities` and `privacy` (export, erasure, retention). The names
below are re-exported so `from partnerup.placements import domain` keeps working.
"""

from partnerup.placements.domain.activities import (
    AttendanceCount,
    create_activity,
)
from partnerup.placements.domain.allocation import (
    REASONS,
    Preview,
    adjust_allocation,
    build_problem,
    preview_of,
    publish_allocation,
    pupils_needing_consent,
    reason_text,
    round_seconds,
    run_allocation,
)
from partnerup.placements.domain.applications import (
    rank_applicants,
    submit_application,
)
from partnerup.placements.domain.errors import (
    ProgrammeError,
)
from partnerup.placements.domain.placements import (
    update_placement,
)
from partnerup.placements.domain.privacy import (
    apply_retention,
    erase_pupil,
    export_pupil_data,
    last_placement_day,
    retention_due,
)
from partnerup.placements.domain.pupils import (
    record_consent,
    save_pupil,
)
from partnerup.placements.domain.rounds import (
    EDITABLE_ROUND_STATUSES,
    save_offer,
    save_round,
)

__all__ = [
    "EDITABLE_ROUND_STATUSES",
    "REASONS",
    "AttendanceCount",
    "Preview",
    "ProgrammeError",
    "adjust_allocation",
    "apply_retention",
    "build_problem",
    "create_activity",
    "erase_pupil",
    "export_pupil_data",
    "last_placement_day",
    "preview_of",
    "publish_allocation",
    "pupils_needing_consent",
    "rank_applicants",
    "reason_text",
    "record_consent",
    "retention_due",
    "round_seconds",
    "run_allocation",
    "save_offer",
    "save_pupil",
    "save_round",
    "submit_application",
    "update_placement",
]
