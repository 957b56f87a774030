"""URLs of the label file's pages, at /labellisation/.

config/urls.py assembles them with the audits' and the commission's URLs under the ``label``
namespace. Structure codes are upper case (``network.models.STRUCTURE_CODE_RE``): the pattern below
never takes the lower-case words of the other pages ("audits/", "commission/", "labellisees/"...).
"""

from django.urls import path, re_path

from . import public_views, views

CODE = r"(?P<code>[A-Z0-9-]{2,20})"

urlpatterns: list = [
    path("", views.home_view, name="home"),
    path("labellisees/", public_views.public_list_view, name="public"),
    path("tableau-de-bord/", views.dashboard_view, name="dashboard"),
    re_path(rf"^region/{CODE}/$", views.region_view, name="region"),
    re_path(rf"^{CODE}/$", views.file_view, name="file"),
    re_path(rf"^{CODE}/engager/$", views.enrol_view, name="enrol"),
    re_path(rf"^{CODE}/retenir-auto-evaluation/$", views.record_assessment_view, name="record_assessment"),
    re_path(rf"^{CODE}/demander-audit/$", views.request_audit_view, name="request_audit"),
    re_path(rf"^{CODE}/avis-arml/$", views.arml_opinion_view, name="arml_opinion"),
]
