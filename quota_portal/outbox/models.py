"""Every e-mail the portal sends, kept from the moment it is queued until it is delivered.

A row is written in the same transaction as the decision that causes it (a review, a
submission, a reminder, an account e-mail), with a task for the worker
(``manage.py db_worker``) that delivers it; so a decision and its e-mail commit or roll
back together, and an e-mail the mail server refuses is retried, then shown to staff.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Növbədə")
    RETRYING = "retrying", _("Təkrar cəhd gözlənilir")
    SENT = "sent", _("Göndərilib")
    FAILED = "failed", _("Göndərilə bilmədi")


UNSENT_STATUSES = (EmailStatus.QUEUED, EmailStatus.RETRYING, EmailStatus.FAILED)


class Email(models.Model):
    """One message as rendered when it was queued, in its recipient's language."""

    kind = models.CharField(
        _("növü"), max_length=100, help_text=_("E-poçtun şablonu, məs. forecasts/email/review.")
    )
    language = models.CharField(_("dil"), max_length=8, blank=True)
    from_email = models.CharField(_("göndərən"), max_length=254)
    to = models.JSONField(_("alıcılar"), default=list)
    subject = models.CharField(_("mövzu"), max_length=998)
    body = models.TextField(_("mətn"), blank=True)
    html_body = models.TextField(_("HTML mətn"), blank=True)
    sensitive = models.BooleanField(
        _("məxfi keçid var"),
        default=False,
        help_text=_(
            "Parol bərpası kimi keçidlər: mətn admində göstərilmir və göndəriləndən sonra silinir."
        ),
    )
    status = models.CharField(
        _("vəziyyət"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("cəhdlər"), default=0)
    last_error = models.TextField(_("son xəta"), blank=True)
    created_at = models.DateTimeField(_("növbəyə qoyulub"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("növbəti cəhd"), null=True, blank=True)
    sent_at = models.DateTimeField(_("göndərilib"), null=True, blank=True)
    task_id = models.CharField(_("tapşırıq"), max_length=64, blank=True)
    # What the e-mail is about, when it must exist once only (e.g. "decision:42"): a task
    # that queues it again after a crash finds it there and queues nothing.
    key = models.CharField(_("açar"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-poçt məktubu")
        verbose_name_plural = _("e-poçt məktubları")
        permissions = [("retry_email", _("Göndərilməyən e-poçtu yenidən göndərmək"))]
        indexes = [
            # The admin lists the e-mails of one status, newest first.
            models.Index(fields=["status", "-created_at"], name="email_status_created"),
        ]

    def __str__(self) -> str:
        return f"{', '.join(self.to)}: {self.subject}"

    def message(self) -> EmailMultiAlternatives:
        """Return the message to hand to the mail backend."""
        message = EmailMultiAlternatives(self.subject, self.body, self.from_email, self.to)
        if self.html_body:
            message.attach_alternative(self.html_body, "text/html")
        return message
