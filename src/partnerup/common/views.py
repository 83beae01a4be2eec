from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

PUBLIC = "public"


def require(permission: str, get_object: Callable | None = None):
    """Let the request through only if the user has `permission` (on the object, if given).

    `get_object(request, **kwargs)` looks the object up and raises Http404 for anything the user
    may not know exists, so other organisations' private objects answer 404, not 403.
    Anonymous users are sent to log in; signed-in users without the permission get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(permission, obj):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            if obj is not None:
                request.permission_object = obj
            return view(request, *args, **kwargs)

        wrapped.partnerup_permission = permission
        return wrapped

    return decorator


def hidden_unless(request: HttpRequest, permission: str, obj):
    """Return `obj` if the user has `permission` on it, else answer 404: for objects whose very
    existence is private (placements, meeting requests, meetings)."""
    if not request.user.has_perm(permission, obj):
        raise Http404
    return obj


def public(view):
    """Mark a view as open to everyone, on purpose."""
    view.partnerup_permission = PUBLIC
    return view


def paginate(request: HttpRequest, queryset, per_page: int = 25):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require("common.view_activity")
@require_GET
def activity(request: HttpRequest) -> HttpResponse:
    from partnerup.common.models import ActivityLog

    entries = ActivityLog.objects.select_related("actor", "content_type")
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    return render(request, "common/activity.html", {"page": paginate(request, entries, 50)})


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    from partnerup.common.forms import QueryParameterError

    # Our own parsing errors say what was wrong; others may carry internals.
    reason = str(exception) if isinstance(exception, QueryParameterError) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@require("common.view_outbox")
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    from partnerup.common.models import OutboxMail

    mails = OutboxMail.objects.all()
    status = request.GET.get("status", "")
    if status in OutboxMail.Status.values:
        mails = mails.filter(status=status)
    return render(
        request, "common/outbox.html", {"page": paginate(request, mails, 50), "status": status}
    )


@require("common.resend_outbox")
@require_POST
def outbox_resend(request: HttpRequest, pk: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404, redirect

    from partnerup.common.mail import resend
    from partnerup.common.models import OutboxMail

    resend(get_object_or_404(OutboxMail, pk=pk), request.user)
    return redirect("outbox")
