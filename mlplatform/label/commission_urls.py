"""URLs of the label cycle's commission pages (included by mlplatform/label/urls.py)."""

urlpatterns: list = []
