"""URLs of the label cycle's file pages (included by mlplatform/label/urls.py)."""

urlpatterns: list = []
