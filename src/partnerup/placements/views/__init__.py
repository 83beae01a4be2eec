"""The placements pages, one module per sub-domain; the names are re-exported for the URLs."""

from partnerup.placements.views.activities import (
    activity_create,
    activity_list,
)
from partnerup.placements.views.offers import (
    offer_create,
    offer_detail,
    offer_edit,
    offer_list,
    offer_rank,
)
from partnerup.placements.views.placements import (
    placement_detail,
    placement_evaluate,
)
from partnerup.placements.views.pupils import (
    apply,
    my,
    pupil_create,
    pupil_detail,
    pupil_edit,
    pupil_erase,
    pupil_export,
    pupil_list,
)
from partnerup.placements.views.rounds import (
    round_adjust,
    round_allocate,
    round_create,
    round_detail,
    round_edit,
    round_publish,
)
from partnerup.placements.views.statistics import (
    history_import,
    index,
    statistics,
    statistics_export,
)

__all__ = [
    "activity_create",
    "activity_list",
    "apply",
    "history_import",
    "index",
    "my",
    "offer_create",
    "offer_detail",
    "offer_edit",
    "offer_list",
    "offer_rank",
    "placement_detail",
    "placement_evaluate",
    "pupil_create",
    "pupil_detail",
    "pupil_edit",
    "pupil_erase",
    "pupil_export",
    "pupil_list",
    "round_adjust",
    "round_allocate",
    "round_create",
    "round_detail",
    "round_edit",
    "round_publish",
    "statistics",
    "statistics_export",
]
