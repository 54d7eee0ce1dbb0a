"""Staff see every e-mail the portal sent or could not send, and retry the failed ones."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Email, EmailStatus
from .services import retry_emails


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipients",
        "subject",
        "status_badge",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "error",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["subject", "to"]
    search_help_text = _("Alıcının ünvanı və ya mövzu")
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "created_at",
        "kind",
        "language",
        "from_email",
        "recipients",
        "subject",
        "shown_body",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "task_id",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("outbox.retry_email")

    @admin.display(description=_("alıcılar"))
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.display(description=_("vəziyyət"), ordering="status")
    def status_badge(self, email):
        if email.status == EmailStatus.FAILED:
            return format_html(
                '<strong class="email-failed">{}</strong>', email.get_status_display()
            )
        return email.get_status_display()

    @admin.display(description=_("son xəta"))
    def error(self, email):
        return Truncator(email.last_error).chars(80) if email.last_error else ""

    @admin.display(description=_("mətn"))
    def shown_body(self, email):
        if email.sensitive:
            return _("Məxfi keçid olduğu üçün göstərilmir.")
        return format_html("<pre>{}</pre>", email.body)

    @admin.action(description=_("Seçilmiş e-poçtları yenidən göndər"), permissions=["retry"])
    def retry(self, request, queryset):
        count = retry_emails(queryset.exclude(status=EmailStatus.SENT))
        self.message_user(
            request,
            ngettext(
                "%(count)d e-poçt yenidən növbəyə qoyuldu.",
                "%(count)d e-poçt yenidən növbəyə qoyuldu.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
