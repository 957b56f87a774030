from django.apps import AppConfig


class AnimationConfig(AppConfig):
    name = "mlplatform.animation"
    label = "animation"
    verbose_name = "Animation du réseau"

    def ready(self) -> None:
        from mlplatform.core import next_steps

        from .steps import animation_steps

        next_steps.register(animation_steps, order=50)
