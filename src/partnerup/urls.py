from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from partnerup.common import views as common_views
from partnerup.directory import views as directory_views

handler400 = "partnerup.common.views.error_400"
handler403 = "partnerup.common.views.error_403"
handler404 = "partnerup.common.views.error_404"
handler500 = "partnerup.common.views.error_500"

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("activity/", common_views.activity, name="activity"),
    path("outbox/", common_views.outbox, name="outbox"),
    path("outbox/<int:pk>/resend/", common_views.outbox_resend, name="outbox_resend"),
    path("directory/", include("partnerup.directory.urls")),
    path("programme/", include("partnerup.placements.urls")),
    path("events/", include("partnerup.events.urls")),
    path("", include("partnerup.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Public uploads only (organisation logos). Private files (pitch attachments) are not under
    # MEDIA_ROOT and only their permission-checked views hand them out (common/files.py).
    urlpatterns.append(
        path("media/logos/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "logos"})
    )
