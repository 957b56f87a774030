from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("<str:code>/", views.library_view, name="library"),
    path("<str:code>/ajouter-fichier/", views.add_file_view, name="add_file"),
    path("<str:code>/ajouter-lien/", views.add_link_view, name="add_link"),
    path("<str:code>/<int:pk>/", views.detail_view, name="detail"),
    path("<str:code>/<int:pk>/modifier/", views.edit_view, name="edit"),
    path("<str:code>/<int:pk>/remplacer/", views.replace_view, name="replace"),
    path("<str:code>/<int:pk>/archiver/", views.archive_view, name="archive"),
    path("<str:code>/<int:pk>/restaurer/", views.restore_view, name="restore"),
    path("<str:code>/<int:pk>/telecharger/", views.download_view, name="download"),
    path(
        "<str:code>/<int:pk>/versions/<int:number>/telecharger/",
        views.download_view,
        name="download_version",
    ),
]
