from django.apps import AppConfig


class CommissionConfig(AppConfig):
    name = "mlplatform.commission"
    label = "commission"
    verbose_name = "Commission nationale de labellisation"

    def ready(self) -> None:
        """Plug the commission into what does not import it: the home page, the perimeters of
        commission members, the label file's pages (``label.hooks``)."""
        from mlplatform.accounts.enums import Role
        from mlplatform.core import assignments, next_steps
        from mlplatform.label import hooks

        from . import extensions, steps
        from .access import member_structure_ids

        next_steps.register(steps.commission_steps, order=22)
        assignments.register(Role.COMMISSION_MEMBER, member_structure_ids)
        hooks.file_session.register(extensions.file_session)
        hooks.file_decisions.register(extensions.file_decisions)
        hooks.file_steps.register(steps.file_steps, order=20)
        hooks.row_prefetches.register(extensions.row_prefetches, order=20)
        hooks.row_facts.register(extensions.row_facts, order=20)
        hooks.role_links.register(extensions.role_links, order=20)
