from django.http import HttpRequest


def current_membership(request: HttpRequest) -> dict:
    """The current membership and the other ones the person can switch to."""
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if user is None or not user.is_authenticated:
        return {"membership": None, "other_memberships": []}
    others = [m for m in user.memberships.active().select_related("structure") if m != membership]
    return {"membership": membership, "other_memberships": others}
