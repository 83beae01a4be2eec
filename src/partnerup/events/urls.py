from django.urls import path

from partnerup.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/participants/<int:pk>/request/", views.request_create, name="request_create"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/registrations/", views.registrations, name="registrations"),
    path("requests/<int:pk>/<str:action>/", views.request_action, name="request_action"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/check-in/", views.checkin, name="checkin"),
    path("meetings/<int:pk>/", views.meeting_feedback, name="meeting"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("meetings/<int:pk>/pick-slot/", views.meeting_pick_slot, name="meeting_pick_slot"),
    path("<slug:slug>/calls/", views.calls, name="calls"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("schedule-runs/<int:pk>/", views.schedule_run, name="schedule_run"),
    path("<slug:slug>/export/<str:kind>.<str:file_format>", views.export, name="export"),
]
