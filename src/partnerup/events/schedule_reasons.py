"""Render the scheduler's reason codes (partnerup.scheduling.model.Reason, stored as dicts in a
run's solution) as sentences in the active language, naming people, venues, slots and tables
as the event knows them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerup.common.dates import event_time
from partnerup.directory.reasons import join
from partnerup.events.models import Participant, Slot, Table, Venue


class Names:
    """Display names for the engine's ids (`p12`, `v3`, `s40`, `t7`, `m9`), looked up once."""

    def __init__(self, reasons: list[dict]) -> None:
        ids: dict[str, set[int]] = {"p": set(), "v": set(), "s": set(), "t": set()}
        for reason in reasons:
            for value in (*reason.get("participants", ()), *reason.get("venues", ())):
                ids[value[0]].add(int(value[1:]))
            for key in ("slot", "table"):
                if reason.get(key):
                    ids[reason[key][0]].add(int(reason[key][1:]))
        people = Participant.objects.select_related("user", "organisation").in_bulk(ids["p"])
        self.people = {
            pk: f"{p.user.get_full_name()} ({p.organisation.name})" for pk, p in people.items()
        }
        self.venues = dict(Venue.objects.filter(pk__in=ids["v"]).values_list("pk", "name"))
        self.slots = {
            s.pk: f"{event_time(s.starts, s.event, 'DAY_TIME_FORMAT')}, {s.venue.name}"
            for s in Slot.objects.filter(pk__in=ids["s"]).select_related("venue", "event")
        }
        self.tables = dict(Table.objects.filter(pk__in=ids["t"]).values_list("pk", "name"))

    def _get(self, table: dict[int, str], engine_id: str) -> str:
        return table.get(int(engine_id[1:]), engine_id) if engine_id else ""

    def person(self, engine_id: str) -> str:
        return self._get(self.people, engine_id)

    def venue(self, engine_id: str) -> str:
        return self._get(self.venues, engine_id)

    def slot(self, engine_id: str) -> str:
        return self._get(self.slots, engine_id)

    def table(self, engine_id: str) -> str:
        return self._get(self.tables, engine_id)


def render(reason, names: Names) -> str:
    """One reason as a sentence; a plain string (a run stored before reasons were codes) is
    shown as it is."""
    if isinstance(reason, str):
        return reason
    code = reason.get("code", "")
    count = reason.get("count", 0)
    people = [names.person(p) for p in reason.get("participants", ())]
    who = join(people)
    one = people[0] if people else ""
    values = {
        "who": who,
        "person": one,
        "count": count,
        "venues": join([names.venue(v) for v in reason.get("venues", ())]),
        "slot": names.slot(reason.get("slot", "")),
        "table": names.table(reason.get("table", "")),
        "meeting": reason.get("meeting", "")[1:],
    }
    texts = {
        "no_common_availability": lambda: _("There is no time when %(who)s are all available."),
        "no_allowed_slot": lambda: _("None of the meeting's allowed times suits %(who)s."),
        "no_table_for_size": lambda: ngettext(
            "No table has %(count)s seat at %(venues)s.",
            "No table has %(count)s seats at %(venues)s.",
            count,
        ),
        "max_meetings": lambda: ngettext(
            "%(person)s already has the most meetings allowed (%(count)s).",
            "%(person)s already has the most meetings allowed (%(count)s).",
            count,
        ),
        "no_free_slot": lambda: ngettext(
            "%(person)s has no free time left: the %(count)s time this meeting could use holds "
            "other meetings of theirs.",
            "%(person)s has no free time left: all %(count)s times this meeting could use hold "
            "other meetings of theirs.",
            count,
        ),
        "no_free_slot_heavier": lambda: ngettext(
            "%(person)s has no free time left: the %(count)s time this meeting could use holds "
            "a meeting of theirs that weighs as much or more.",
            "%(person)s has no free time left: all %(count)s times this meeting could use hold "
            "meetings of theirs that weigh as much or more.",
            count,
        ),
        "tables_taken": lambda: ngettext(
            "Every table is taken at the %(count)s time this meeting could use.",
            "Every table is taken at each of the %(count)s times this meeting could use.",
            count,
        ),
        "busy_or_tables_taken": lambda: ngettext(
            "At the %(count)s time this meeting could use, one of %(who)s is busy or every "
            "table is taken.",
            "At each of the %(count)s times this meeting could use, one of %(who)s is busy or "
            "every table is taken.",
            count,
        ),
        "fixed_elsewhere": lambda: _("It is now locked at another time."),
        "slot_gone": lambda: _("Its time no longer exists."),
        "table_gone": lambda: _("Its table no longer exists."),
        "table_unsuitable": lambda: _("Table %(table)s no longer suits it."),
        "slot_not_allowed": lambda: _("%(slot)s is no longer among its allowed times."),
        "unavailable": lambda: _("%(person)s is no longer available at %(slot)s."),
        "clash": lambda: _("%(person)s now has meeting #%(meeting)s at a clashing time."),
        "table_taken": lambda: _("Table %(table)s is now taken by meeting #%(meeting)s."),
        "could_not_keep_place": lambda: _("A better schedule needed its place."),
    }
    text = texts.get(code)
    return text() % values if text else ""


def render_all(reasons: list) -> list[str]:
    names = Names([r for r in reasons if isinstance(r, dict)])
    return [render(r, names) for r in reasons]
