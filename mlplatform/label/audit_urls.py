"""URLs of the label cycle's audit pages (included by mlplatform/label/urls.py)."""

urlpatterns: list = []
