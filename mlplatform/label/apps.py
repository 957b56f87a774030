from django.apps import AppConfig


class LabelConfig(AppConfig):
    name = "mlplatform.label"
    label = "label"
    verbose_name = "Labellisation"

    def ready(self) -> None:
        from mlplatform.assessments.signals import assessment_submitted
        from mlplatform.core import next_steps

        from .services import take_submitted_assessment
        from .steps import label_steps

        next_steps.register(label_steps, order=20)
        assessment_submitted.connect(
            take_submitted_assessment, dispatch_uid="label.take_submitted_assessment"
        )
