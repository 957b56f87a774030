from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


class SuperuserOnlyAdminMiddleware:
    """Django's admin is a technical tool: it exists only for superusers (404 for anyone else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/"):
            user = request.user
            if user.is_authenticated and not user.is_superuser:
                raise Http404
        return self.get_response(request)
