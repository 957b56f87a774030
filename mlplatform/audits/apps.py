from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "mlplatform.audits"
    label = "audits"
    verbose_name = "Audits"

    def ready(self) -> None:
        """Plug the audits into what does not import them: the home page, the perimeters of
        auditors, the label file's pages and reminders (``label.hooks``)."""
        from mlplatform.accounts.enums import Role
        from mlplatform.core import assignments, next_steps
        from mlplatform.label import hooks

        from . import extensions, reminders, steps
        from .access import auditor_structure_ids

        next_steps.register(steps.auditor_steps, order=21)
        assignments.register(Role.AUDITOR, auditor_structure_ids)
        hooks.file_audits.register(extensions.file_audits)
        hooks.assign_url.register(extensions.assign_url)
        hooks.file_steps.register(steps.file_steps, order=10)
        hooks.row_prefetches.register(extensions.row_prefetches, order=10)
        hooks.row_facts.register(extensions.row_facts, order=10)
        hooks.role_links.register(extensions.role_links, order=10)
        hooks.register_reminders(reminders.request_reminders, reminders.KINDS, order=10)
