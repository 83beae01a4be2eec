from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its `demo` command. It has no models; it sits above every domain app."""

    name = "partnerup.demo"
    label = "demo"
    verbose_name = "Demo"
