from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "webp"}


def validate_upload_size(upload) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def validate_image_upload(upload) -> None:
    """Size and type, checked on the content (Pillow), not only on the file name."""
    validate_upload_size(upload)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in IMAGE_EXTENSIONS:
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="invalid_image_type")


def validate_time_zone(name: str) -> None:
    """An IANA time zone name, such as Europe/Oslo or America/New_York."""
    from zoneinfo import available_timezones

    if name not in available_timezones():
        raise ValidationError(
            _("“%(name)s” is not a time zone. Use a name such as Europe/Oslo."),
            params={"name": name},
            code="unknown_time_zone",
        )
