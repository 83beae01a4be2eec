from django.urls import path

from partnerup.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.index, name="index"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.<str:file_format>", views.statistics_export, name="statistics_export"),
    path("statistics/import/", views.history_import, name="history_import"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/allocate/", views.round_allocate, name="round_allocate"),
    path("rounds/<int:pk>/adjust/", views.round_adjust, name="round_adjust"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<int:pk>/apply/", views.apply, name="apply"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/rank/", views.offer_rank, name="offer_rank"),
    path("my/", views.my, name="my"),
    path("pupils/", views.pupil_list, name="pupils"),
    path("pupils/new/", views.pupil_create, name="pupil_create"),
    path("pupils/<int:pk>/", views.pupil_detail, name="pupil"),
    path("pupils/<int:pk>/edit/", views.pupil_edit, name="pupil_edit"),
    path("pupils/<int:pk>/export/", views.pupil_export, name="pupil_export"),
    path("pupils/<int:pk>/erase/", views.pupil_erase, name="pupil_erase"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("placements/<int:pk>/evaluate/", views.placement_evaluate, name="placement_evaluate"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
]
