"""Records of the platform's own background work: the e-mails it sends."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutgoingMail(models.Model):
    """One e-mail to send: rendered in the request, sent by a background task (retried on failure).

    Its text may hold a one-time link (an invitation): it is erased once the message is sent or
    given up, and never shown; the national admin sees who, what subject, when, and why it failed.
    An anonymous survey's invitation also forgets its recipient then (``forget_recipients``): the
    list of addresses is used to send, and no record keeps it afterwards.
    """

    class Status(models.TextChoices):
        PENDING = "PENDING", "À envoyer"
        SENT = "SENT", "Envoyé"
        FAILED = "FAILED", "Échec"

    recipients = models.JSONField("destinataires", default=list)
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("texte", blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.CharField("dernière erreur", max_length=500, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    forget_recipients = models.BooleanField("adresse effacée après l'envoi", default=False)

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="core_mail_status_idx")]

    def __str__(self) -> str:
        return self.subject
