from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mlplatform.reports"
    label = "reports"
    verbose_name = "Documents (PDF, XLSX)"
