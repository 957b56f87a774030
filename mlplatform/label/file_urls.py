"""URLs of the label cycle's file pages (included by mlplatform/label/urls.py).

Structure codes are upper case (``network.models.STRUCTURE_CODE_RE``): the pattern below never
takes the lower-case words of the other pages ("audits/", "commission/", "labellisees/"...).
"""

from django.urls import path, re_path

from . import file_views, public_views

CODE = r"(?P<code>[A-Z0-9-]{2,20})"

urlpatterns: list = [
    path("", file_views.home_view, name="home"),
    path("labellisees/", public_views.public_list_view, name="public"),
    path("tableau-de-bord/", file_views.dashboard_view, name="dashboard"),
    re_path(rf"^region/{CODE}/$", file_views.region_view, name="region"),
    re_path(rf"^{CODE}/$", file_views.file_view, name="file"),
    re_path(rf"^{CODE}/engager/$", file_views.enrol_view, name="enrol"),
    re_path(
        rf"^{CODE}/retenir-auto-evaluation/$", file_views.record_assessment_view, name="record_assessment"
    ),
    re_path(rf"^{CODE}/demander-audit/$", file_views.request_audit_view, name="request_audit"),
    re_path(rf"^{CODE}/avis-arml/$", file_views.arml_opinion_view, name="arml_opinion"),
]
