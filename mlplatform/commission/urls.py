"""URLs of the commission's pages, at /labellisation/commission/.

config/urls.py assembles them with the label file's and the audits' URLs under the ``label``
namespace (``label:session``...): the paths and names of the label cycle did not change when the
label app was split.
"""

from django.urls import path

from . import letters, views

SESSION = "seances/<int:pk>/"
ITEM = SESSION + "dossiers/<int:item_pk>/"

urlpatterns = [
    path("", views.sessions_view, name="sessions"),
    path("seances/nouvelle/", views.session_create_view, name="session_create"),
    path(SESSION, views.session_view, name="session"),
    path(SESSION + "modifier/", views.session_edit_view, name="session_edit"),
    path(SESSION + "ordre-du-jour/", views.agenda_add_view, name="agenda_add"),
    path(SESSION + "clore/", views.session_close_view, name="session_close"),
    path(ITEM, views.item_view, name="agenda_item"),
    path(ITEM + "retirer/", views.agenda_remove_view, name="agenda_remove"),
    path(ITEM + "decision/", views.decision_view, name="decision_record"),
    path(ITEM + "retrait-du-label/", views.withdraw_view, name="label_withdraw"),
    path("decisions/<int:pk>/lettre/", letters.decision_letter_view, name="decision_letter"),
    path("decisions/<int:pk>/certificat/", letters.certificate_view, name="certificate"),
]
