"""URLs of the audit pages, at /labellisation/audits/.

config/urls.py assembles them with the label file's and the commission's URLs under the ``label``
namespace (``label:audit_detail``...): the paths and names of the label cycle did not change when
the label app was split.
"""

from django.urls import path

from . import report_views, request_views, views

urlpatterns = [
    path("", views.list_view, name="audit_list"),
    path("a-affecter/", views.queue_view, name="audit_queue"),
    path("vivier/", views.pool_view, name="audit_pool"),
    path("vivier/ajouter/", views.pool_add_view, name="audit_pool_add"),
    path("vivier/<int:pk>/disponibilite/", views.pool_toggle_view, name="audit_pool_toggle"),
    path("dossiers/<int:file_pk>/affecter/", views.assign_view, name="audit_assign"),
    path("<int:pk>/", views.detail_view, name="audit_detail"),
    path("<int:pk>/annuler/", views.cancel_view, name="audit_cancel"),
    path("<int:pk>/plan/", views.plan_view, name="audit_plan"),
    path("<int:pk>/plan/transmettre/", views.plan_send_view, name="audit_plan_send"),
    path("<int:pk>/plan/pdf/", views.plan_pdf_view, name="audit_plan_pdf"),
    path("<int:pk>/constats/", report_views.findings_view, name="audit_findings"),
    path("<int:pk>/constats/ajouter/", report_views.finding_add_view, name="audit_finding_add"),
    path(
        "<int:pk>/constats/<int:finding_pk>/modifier/",
        report_views.finding_edit_view,
        name="audit_finding_edit",
    ),
    path(
        "<int:pk>/constats/<int:finding_pk>/supprimer/",
        report_views.finding_delete_view,
        name="audit_finding_delete",
    ),
    path("<int:pk>/avis/", report_views.opinion_view, name="audit_opinion"),
    path("<int:pk>/remettre/", report_views.deliver_view, name="audit_deliver"),
    path("<int:pk>/rapport/", report_views.report_view, name="audit_report"),
    path("<int:pk>/rapport/pdf/", report_views.report_pdf_view, name="audit_report_pdf"),
    path("<int:pk>/reponse/", report_views.respond_view, name="audit_respond"),
    path("<int:pk>/demandes/", request_views.requests_view, name="audit_requests"),
    path("<int:pk>/demandes/nouvelle/", request_views.request_create_view, name="audit_request_create"),
    path("<int:pk>/demandes/<int:request_pk>/", request_views.request_view, name="audit_request"),
    path(
        "<int:pk>/demandes/<int:request_pk>/clore/",
        request_views.request_close_view,
        name="audit_request_close",
    ),
    path(
        "<int:pk>/demandes/<int:request_pk>/fichiers/<int:attachment_pk>/",
        request_views.attachment_view,
        name="audit_attachment",
    ),
]
