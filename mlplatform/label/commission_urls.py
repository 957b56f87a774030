"""URLs of the label cycle's commission pages (included by mlplatform/label/urls.py at
/labellisation/commission/)."""

from django.urls import path

from . import commission_views as views
from . import letters

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
