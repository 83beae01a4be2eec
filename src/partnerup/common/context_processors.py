from django.conf import settings


def partnerup(request):
    return {"SITE_URL": settings.SITE_URL, "PARTNERUP_LANGUAGES": settings.LANGUAGES}
