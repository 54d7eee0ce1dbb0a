"""The people of an employer: who belongs to it, invitations, requests to join, ownership.

Every rule about membership lives here: an account belongs to at most one employer;
only owners invite, remove, change roles and decide requests to join; an employer
always keeps an owner; DMX staff transfer ownership with a reason. Each change is one
transaction, with its e-mail queued in it (``notifications``).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from allauth.account.utils import has_verified_email
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Employer, Invitation, JoinRequest, Membership, Role
from .notifications import (
    queue_invitation,
    queue_join_decision,
    queue_join_request,
    queue_ownership_transfer,
)

NOT_AN_OWNER = gettext_lazy("Bunu yalnız işəgötürən hesabının sahibi edə bilər.")


def membership_of(user: AbstractBaseUser | None) -> Membership | None:
    """Return the account's membership (with its employer), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.select_related("employer").filter(user=user).first()


def employer_of(user: AbstractBaseUser | None) -> Employer | None:
    """Return the employer the account works for, or None: the one way views find it."""
    membership = membership_of(user)
    return membership.employer if membership else None


def owners_of(employer: Employer) -> list[AbstractBaseUser]:
    """Return the owners' accounts of ``employer``, earliest first."""
    return [
        m.user
        for m in employer.memberships.filter(role=Role.OWNER, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
    ]


def _require_owner(employer: Employer, user) -> Membership:
    membership = membership_of(user)
    if membership is None or membership.employer_id != employer.pk or not membership.is_owner:
        raise PermissionDenied(NOT_AN_OWNER)
    return membership


def hash_token(token: str) -> str:
    """Return what is stored of an invitation link's token (its SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _normal_email(email: str) -> str:
    return (email or "").strip().lower()


# --- membership -----------------------------------------------------------------------


@transaction.atomic
def add_owner(*, employer: Employer, user) -> Membership:
    """Make ``user`` the first owner of a newly registered ``employer``.

    A request of theirs to join another employer, still waiting, is withdrawn.
    """
    JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now(), decided_by=user
    )
    return Membership.objects.create(employer=employer, user=user, role=Role.OWNER)


def _keeps_an_owner(membership: Membership) -> None:
    """Refuse a change that would leave the employer without an owner."""
    if not membership.is_owner:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(employer=membership.employer_id, role=Role.OWNER)
        .exclude(pk=membership.pk)
    )
    if not list(others):
        raise ValidationError(
            _(
                "Hesabın yeganə sahibini çıxarmaq və ya üzvə çevirmək olmaz: əvvəlcə "
                "başqa bir üzvü sahib edin."
            )
        )


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """Remove a person from the employer (their account stays, without an employer).

    Owners remove anyone; a member may leave by themselves.
    """
    if membership.user_id != by.pk:
        _require_owner(membership.employer, by)
    _keeps_an_owner(membership)
    membership._history_user = by
    membership.delete()


@transaction.atomic
def set_role(*, membership: Membership, role: str, by) -> Membership:
    """Make a member an owner, or an owner a member (never the last owner)."""
    _require_owner(membership.employer, by)
    if role not in Role.values:
        raise ValidationError(_("Naməlum rol."))
    if role == Role.MEMBER:
        _keeps_an_owner(membership)
    membership.role = role
    membership._history_user = by
    membership.save(update_fields=["role"])
    return membership


# --- invitations ----------------------------------------------------------------------


def invitation_expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.EMPLOYER_INVITATION_DAYS)


@transaction.atomic
def invite(*, employer: Employer, by, email: str, language: str) -> Invitation:
    """Invite a colleague by e-mail to join ``employer``; queue the link in ``language``.

    Inviting the same address again replaces its pending invitation (a fresh link).
    """
    _require_owner(employer, by)
    email = _normal_email(email)
    if employer.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("Bu e-poçt ünvanının sahibi artıq hesabın üzvüdür."))
    now = timezone.now()
    employer.invitations.pending(now).filter(email=email).update(revoked_at=now, revoked_by=by)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        employer=employer,
        email=email,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=invitation_expiry(now),
    )
    queue_invitation(invitation, token=token)
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """Return the invitation a link's token belongs to (any state), or None."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("employer").filter(token_hash=hash_token(token)).first()
    )


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> None:
    """Cancel a pending invitation: its link stops working."""
    _require_owner(invitation.employer, by)
    if not invitation.is_pending():
        raise ValidationError(_("Bu dəvət artıq qüvvədə deyil."))
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])


INVITATION_NOT_VALID = gettext_lazy(
    "Bu dəvət keçidi artıq etibarlı deyil: vaxtı keçib, ləğv edilib və ya istifadə olunub. "
    "Sizi dəvət edən şəxsdən yeni dəvət istəyin."
)


def check_invitation(invitation: Invitation | None, user) -> None:
    """Raise ValidationError when ``user`` may not accept ``invitation`` (why, in words)."""
    if invitation is None or not invitation.is_pending():
        raise ValidationError(INVITATION_NOT_VALID)
    if _normal_email(user.email) != invitation.email:
        raise ValidationError(
            _(
                "Bu dəvət %(email)s ünvanına göndərilib. Həmin ünvanla daxil olun və ya "
                "qeydiyyatdan keçin."
            )
            % {"email": invitation.email}
        )
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(
            _(
                "Hesabınız artıq bir işəgötürənə bağlıdır. Hər hesab yalnız bir işəgötürənə "
                "aid ola bilər."
            )
        )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Join the invitation's employer as a member; the link then stops working.

    The link reached the invited address, which is the account's: it counts as verified.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("employer").get(pk=invitation.pk)
    )
    check_invitation(invitation, user)
    now = timezone.now()
    membership = Membership(employer=invitation.employer, user=user, role=Role.MEMBER)
    membership._history_user = user
    membership.save()
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=now, decided_by=user
    )
    confirm_invited_address(user=user, invitation=invitation)
    return membership


def confirm_invited_address(*, user, invitation: Invitation) -> None:
    """Count the invited address as verified for an account signed up from its link.

    The link reached that address, which is all a verification e-mail would prove.
    """
    EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)


# --- requests to join -----------------------------------------------------------------

# Owners approve a person whose address is proven: anyone can type a colleague's.
ADDRESS_NOT_CONFIRMED = gettext_lazy(
    "Müraciət edən hələ e-poçt ünvanını təsdiqləməyib. Ünvan təsdiqləndikdən sonra "
    "müraciəti təsdiqləyə bilərsiniz."
)


def pending_join_requests(employer: Employer):
    """Return the requests waiting for ``employer``'s owners, each with ``address_confirmed``."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
    return (
        employer.join_requests.filter(status=JoinRequest.Status.PENDING)
        .select_related("user")
        .annotate(address_confirmed=Exists(confirmed))
    )


def pending_join_request(user) -> JoinRequest | None:
    """Return the account's request to join that still waits for the owners, or None."""
    if user is None or not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).first()


@transaction.atomic
def request_to_join(*, employer: Employer, user, language: str) -> JoinRequest:
    """Ask the owners of ``employer`` to let ``user`` in; they are e-mailed.

    The requester is told nothing about the employer (name, owners) until approved.
    """
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("Hesabınız artıq bir işəgötürənə bağlıdır."))
    existing = pending_join_request(user)
    if existing is not None:
        if existing.employer_id == employer.pk:
            return existing
        existing.status = JoinRequest.Status.WITHDRAWN
        existing.decided_at, existing.decided_by = timezone.now(), user
        existing.save(update_fields=["status", "decided_at", "decided_by"])
    join_request = JoinRequest.objects.create(
        employer=employer,
        user=user,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )
    queue_join_request(join_request, owners=owners_of(employer))
    return join_request


@transaction.atomic
def decide_join_request(*, join_request: JoinRequest, by, approve: bool) -> JoinRequest:
    """An owner approves (the requester becomes a member) or refuses; the requester is told."""
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("employer", "user")
        .get(pk=join_request.pk)
    )
    _require_owner(join_request.employer, by)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("Bu müraciətə artıq baxılıb."))
    if approve:
        if not has_verified_email(join_request.user):
            raise ValidationError(ADDRESS_NOT_CONFIRMED)
        if Membership.objects.filter(user=join_request.user).exists():
            raise ValidationError(_("Müraciət edənin hesabı artıq başqa işəgötürənə bağlıdır."))
        membership = Membership(
            employer=join_request.employer, user=join_request.user, role=Role.MEMBER
        )
        membership._history_user = by
        membership.save()
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    join_request.decided_at, join_request.decided_by = timezone.now(), by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    queue_join_decision(join_request)
    return join_request


# --- DMX staff ------------------------------------------------------------------------


@transaction.atomic
def transfer_ownership(*, employer: Employer, to, by, reason: str) -> Membership:
    """DMX staff make ``to`` the sole owner of ``employer`` (a dispute resolved), with a reason.

    ``to`` is a member already or an account with no employer (e.g. the real company's
    requester); the previous owners stay as members. Every membership change is in the
    history with the staff member and the reason; the employer and the new owner are
    e-mailed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Sahibliyin verilməsinin səbəbini yazmaq mütləqdir."))
    current = Membership.objects.select_for_update().filter(user=to).first()
    if current is not None and current.employer_id != employer.pk:
        raise ValidationError(_("Bu hesab başqa işəgötürənə bağlıdır."))
    for owner in (
        Membership.objects.select_for_update()
        .filter(employer=employer, role=Role.OWNER)
        .exclude(user=to)
    ):
        owner.role = Role.MEMBER
        owner._history_user, owner._change_reason = by, reason[:100]
        owner.save(update_fields=["role"])
    membership = current or Membership(employer=employer, user=to)
    membership.role = Role.OWNER
    # The history keeps 100 characters; the admin log and the e-mail keep all of it.
    membership._history_user, membership._change_reason = by, reason[:100]
    membership.save()
    now = timezone.now()
    JoinRequest.objects.filter(user=to, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=now, decided_by=by
    )
    queue_ownership_transfer(employer, new_owner=to, reason=reason)
    return membership
