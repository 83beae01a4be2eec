from django.urls import path

from partnerup.directory import views

app_name = "directory"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path(
        "organisations/export.<str:file_format>",
        views.export_organisations,
        name="export_organisations",
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/assets/new/", views.asset_create, name="asset_create"),
    path("assets/", views.asset_list, name="assets"),
    path("assets/export.<str:file_format>", views.export_assets, name="export_assets"),
    path("assets/<int:pk>/", views.asset_detail, name="asset"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("assets/<int:pk>/delete/", views.asset_delete, name="asset_delete"),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("taxonomy/", views.taxonomy, name="taxonomy"),
]
