from django.urls import path

from partnerup.events.views import (
    meeting_requests,
    meetings,
    participant_agenda,
    public,
    registration,
    reports,
    scheduling,
    scouting,
)

app_name = "events"
urlpatterns = [
    path("", public.event_list, name="events"),
    path("<slug:slug>/", public.event_detail, name="event"),
    path("<slug:slug>/register/", registration.register, name="register"),
    path("<slug:slug>/participants/", meeting_requests.participants, name="participants"),
    path(
        "<slug:slug>/participants/<int:pk>/request/",
        meeting_requests.request_create,
        name="request_create",
    ),
    path("<slug:slug>/requests/", meeting_requests.requests, name="requests"),
    path("<slug:slug>/registrations/", registration.registrations, name="registrations"),
    path("requests/<int:pk>/<str:action>/", meeting_requests.request_action, name="request_action"),
    path("<slug:slug>/agenda/", participant_agenda.agenda, name="agenda"),
    path("<slug:slug>/check-in/", registration.checkin, name="checkin"),
    path("meetings/<int:pk>/", meetings.meeting_feedback, name="meeting"),
    path("calendar/<str:token>.ics", participant_agenda.calendar, name="calendar"),
    path("meetings/<int:pk>/pick-slot/", meetings.meeting_pick_slot, name="meeting_pick_slot"),
    path("<slug:slug>/calls/", scouting.calls, name="calls"),
    path("calls/<int:pk>/", scouting.call_detail, name="call"),
    path("pitches/<int:pk>/attachment/", scouting.pitch_attachment, name="pitch_attachment"),
    path("<slug:slug>/dashboard/", reports.dashboard, name="dashboard"),
    path("<slug:slug>/schedule/", scheduling.schedule, name="schedule"),
    path("schedule-runs/<int:pk>/", scheduling.schedule_run, name="schedule_run"),
    path("<slug:slug>/export/<str:kind>.<str:file_format>", reports.export, name="export"),
]
