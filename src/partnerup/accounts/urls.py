from django.urls import path

from partnerup.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/delete/", views.delete_me, name="delete_me"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # Before the admin's own URLs (partnerup/urls.py): the admin has no log-in page of its own.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/password_change/", views.admin_password_change, name="admin_password_change"),
]
