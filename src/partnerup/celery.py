"""The Celery app. Without PARTNERUP_REDIS_URL tasks run inline in the calling process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerup.settings")

app = Celery("partnerup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
