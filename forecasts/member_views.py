"""The employer's people: members, invitations and requests to join (``members.py``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import members, services
from .forms import INVITATION_SESSION_KEY, InvitationForm, SignupProfileForm
from .models import Invitation, JoinRequest, Membership


def _membership(request) -> Membership:
    """Return the signed-in account's membership or raise 404 (no employer, no page)."""
    membership = members.membership_of(request.user)
    if membership is None:
        raise Http404
    return membership


def _refused(request, exc: Exception):
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    return redirect("forecasts:members")


@login_required
def member_list(request):
    """Everyone may see who works on the employer's account; owners manage it here."""
    membership = _membership(request)
    employer = membership.employer
    is_owner = membership.is_owner
    context = {
        "employer": employer,
        "membership": membership,
        "is_owner": is_owner,
        "memberships": list(employer.memberships.select_related("user").order_by("created_at")),
    }
    if is_owner:
        context |= {
            "invitations": list(employer.invitations.pending().select_related("invited_by")),
            "join_requests": list(members.pending_join_requests(employer)),
            "form": InvitationForm(initial={"language": get_language()}),
        }
    return render(request, "forecasts/members.html", context)


@login_required
@require_POST
def invite(request):
    membership = _membership(request)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("forecasts:members")
    try:
        members.invite(
            employer=membership.employer,
            by=request.user,
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
        )
    except (PermissionDenied, ValidationError) as exc:
        return _refused(request, exc)
    messages.success(
        request,
        _("Dəvət %(email)s ünvanına göndərildi.") % {"email": form.cleaned_data["email"]},
    )
    return redirect("forecasts:members")


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    membership = _membership(request)
    invitation = get_object_or_404(Invitation, pk=pk, employer=membership.employer)
    try:
        members.revoke_invitation(invitation=invitation, by=request.user)
    except (PermissionDenied, ValidationError) as exc:
        return _refused(request, exc)
    messages.success(request, _("Dəvət ləğv edildi: keçid artıq işləmir."))
    return redirect("forecasts:members")


@login_required
@require_POST
def member_remove(request, pk: int):
    membership = _membership(request)
    target = get_object_or_404(
        Membership.objects.select_related("user", "employer"), pk=pk, employer=membership.employer
    )
    leaving = target.pk == membership.pk
    try:
        members.remove_member(membership=target, by=request.user)
    except (PermissionDenied, ValidationError) as exc:
        return _refused(request, exc)
    messages.success(request, _("%(email)s hesabdan çıxarıldı.") % {"email": target.user.email})
    if leaving:
        return redirect("forecasts:dashboard")
    return redirect("forecasts:members")


@login_required
@require_POST
def member_role(request, pk: int):
    membership = _membership(request)
    target = get_object_or_404(
        Membership.objects.select_related("user", "employer"), pk=pk, employer=membership.employer
    )
    try:
        members.set_role(membership=target, role=request.POST.get("role", ""), by=request.user)
    except (PermissionDenied, ValidationError) as exc:
        return _refused(request, exc)
    messages.success(
        request,
        _("%(email)s indi: %(role)s.")
        % {"email": target.user.email, "role": target.get_role_display()},
    )
    return redirect("forecasts:members")


@login_required
@require_POST
def join_request_decide(request, pk: int):
    membership = _membership(request)
    join_request = get_object_or_404(JoinRequest, pk=pk, employer=membership.employer)
    approve = request.POST.get("decision") == "approve"
    try:
        members.decide_join_request(join_request=join_request, by=request.user, approve=approve)
    except (PermissionDenied, ValidationError) as exc:
        return _refused(request, exc)
    if approve:
        messages.success(request, _("Müraciət təsdiqləndi: şəxs hesaba üzv kimi qoşuldu."))
    else:
        messages.success(request, _("Müraciət rədd edildi."))
    return redirect("forecasts:members")


def invitation(request, token: str):
    """The page an invitation link opens: sign up or log in, then accept."""
    found = members.invitation_for(token)
    if found is None or not found.is_pending():
        return render(
            request,
            "forecasts/invitation.html",
            {"invalid": members.INVITATION_NOT_VALID},
            status=404,
        )
    if not request.user.is_authenticated:
        # The sign-up page reads it, to sign up without an employer profile and join.
        request.session[INVITATION_SESSION_KEY] = token
        return render(request, "forecasts/invitation.html", {"invitation": found})
    problem = None
    try:
        members.check_invitation(found, request.user)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    if request.method == "POST" and problem is None:
        try:
            members.accept_invitation(invitation=found, user=request.user)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Siz “%(name)s” hesabına qoşuldunuz.") % {"name": found.employer.legal_name},
            )
            return redirect("forecasts:dashboard")
    return render(
        request,
        "forecasts/invitation.html",
        {"invitation": found, "problem": problem},
    )


@login_required
def register_employer(request):
    """An account without an employer (a request refused, a wrong VÖEN) registers one.

    A VÖEN already registered becomes a request to join it, as at sign-up.
    """
    if request.user.is_staff:
        raise Http404  # DMX accounts are never employers
    if members.membership_of(request.user) is not None:
        return redirect("forecasts:dashboard")
    form = SignupProfileForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        employer = services.register_employer(
            user=request.user, profile=form.cleaned_data, language=get_language() or ""
        )
        if employer is not None:
            messages.success(request, _("İşəgötürən qeydiyyatdan keçdi; siz onun sahibisiniz."))
        return redirect("forecasts:dashboard")
    return render(request, "forecasts/register_employer.html", {"form": form})
