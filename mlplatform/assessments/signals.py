"""What other apps may follow of self-assessments without assessments importing them."""

from django.dispatch import Signal

# Sent once a self-assessment is submitted, with ``assessment`` and ``membership`` (who submitted
# it): the label file waiting for one takes it (``label.apps``). A receiver's error stops the
# submission's aftermath, like a direct call would.
assessment_submitted = Signal()
