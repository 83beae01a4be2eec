from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "partnerup.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # Loading the Celery app here makes @shared_task bind to it in every process.
        from partnerup.celery import app  # noqa: F401
        from partnerup.common import checks  # noqa: F401
