from django.urls import path

from . import registry_views, views

app_name = "network"

urlpatterns = [
    path("", views.tree_view, name="tree"),
    path("import/", registry_views.registry_import_view, name="registry_import"),
    path("structures/<str:code>/", views.structure_view, name="structure"),
    path("structures/<str:code>/modifier/", views.structure_edit_view, name="structure_edit"),
]
