"""Several people per employer, on a 375 px phone in a real Chromium."""

import pytest
from django.utils import timezone

from forecasts.members import hash_token, invitation_expiry
from forecasts.models import Invitation, JoinRequest
from tests.browser.a11y import PHONE_WIDTH, axe_problems, overflow, sign_in, speak, url_in
from tests.browser.accounts import confirm_email_from_outbox, link_from_outbox, log_in, sign_up
from tests.forecasts import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = factories.PASSWORD


@pytest.fixture
def second_phone(browser, live_server):
    """Another person's phone: a page with its own cookies, 375 px wide."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="az-AZ",
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def employer_with_draft():
    occupations = factories.make_classification()
    places = factories.make_places()
    factories.make_campaign(2028)
    employer = factories.make_employer("owner@xezer.az", legal_name="“Xəzər Tikinti” MMC")
    factories.make_forecast(
        employer,
        2028,
        lines=[
            (occupations["7212"], 10, places["Bakı"]),
            (occupations["5120"], 2, places["Yevlax"]),
        ],
    )
    return employer


def _sees_the_draft(page) -> None:
    page.goto("/forecasts/")
    assert "“Xəzər Tikinti” MMC" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Proqnozu davam etdir").click()
    assert page.locator("#forecast-lines tbody tr").count() == 2


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"


def test_an_owner_invites_a_colleague_who_signs_up_and_sees_the_same_forecasts(
    phone_page, second_phone, employer_with_draft
):
    owner = phone_page
    log_in(owner, "owner@xezer.az", PASSWORD)
    owner.goto("/forecasts/")
    owner.get_by_role("link", name="İstifadəçilər").click()
    owner.fill("#id_email", "new.hr@xezer.az")
    with owner.expect_navigation():  # the list of invitations is on both pages
        owner.get_by_role("button", name="Dəvət göndər").click()
    assert "new.hr@xezer.az" in owner.locator("#invitations").inner_text()
    _no_horizontal_scroll(owner)

    colleague = second_phone
    colleague.goto(link_from_outbox("new.hr@xezer.az", "/forecasts/invitations/"))
    assert "“Xəzər Tikinti” MMC" in colleague.locator("main").inner_text()
    colleague.locator("main").get_by_role("link", name="Qeydiyyatdan keçin").click()
    assert colleague.locator("#id_email").input_value() == "new.hr@xezer.az"
    assert colleague.locator("#id_voen").count() == 0  # no employer profile to fill
    colleague.fill("#id_password1", "Colleague-2028-quota")
    colleague.fill("#id_password2", "Colleague-2028-quota")
    with colleague.expect_navigation():
        colleague.get_by_role("button", name="Qeydiyyatdan keç").click()
    _sees_the_draft(colleague)

    owner.goto("/forecasts/members/")
    assert "new.hr@xezer.az" in owner.locator("#member-list").inner_text()


def test_a_newcomer_with_the_same_voen_asks_to_join_and_the_owner_approves(
    phone_page, second_phone, employer_with_draft
):
    newcomer = second_phone
    sign_up(
        newcomer,
        email="real.hr@xezer.az",
        password="Newcomer-2028-quota",
        voen=employer_with_draft.voen,
    )
    log_in(newcomer, "real.hr@xezer.az", "Newcomer-2028-quota")
    confirm_email_from_outbox(newcomer, "real.hr@xezer.az")  # owners approve proven addresses
    newcomer.goto("/forecasts/")
    waiting = newcomer.locator("#join-request-pending").inner_text()
    assert employer_with_draft.voen in waiting
    assert "“Xəzər Tikinti” MMC" not in newcomer.locator("main").inner_text()

    owner = phone_page
    log_in(owner, "owner@xezer.az", PASSWORD)
    owner.goto(link_from_outbox("owner@xezer.az", "/forecasts/members/"))
    requests = owner.locator("#join-requests")
    assert "real.hr@xezer.az" in requests.inner_text()
    _no_horizontal_scroll(owner)
    with owner.expect_navigation():
        requests.get_by_role("button", name="Təsdiqlə").click()
    assert "real.hr@xezer.az" in owner.locator("#member-list").inner_text()

    _sees_the_draft(newcomer)


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_people_pages_fit_a_phone_and_pass_axe(browser, live_server, language):
    """The members page (a colleague, an invitation, a request), the invitation link's page,
    the newcomer's waiting page and their employer registration, at 375 px in each language."""
    owner = factories.make_employer("owner@xezer.az", legal_name="“Xəzər Tikinti” MMC")
    factories.make_member(owner, "a.long.colleague.address@xezer-tikinti-mmc.az")
    newcomer = factories.make_user("real.hr@xezer.az")
    JoinRequest.objects.create(employer=owner, user=newcomer, language=language)
    token = "a-token-for-the-browser"
    Invitation.objects.create(
        employer=owner,
        email="invited@xezer.az",
        token_hash=hash_token(token),
        invited_by=owner.user,
        expires_at=invitation_expiry(timezone.now()),
    )
    visits = [
        (owner.user, url_in(language, "forecasts:members")),
        (None, url_in(language, "forecasts:invitation", token)),
        (newcomer, url_in(language, "forecasts:dashboard")),
        (newcomer, url_in(language, "forecasts:register-employer")),
    ]
    problems = []
    for user, url in visits:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": PHONE_WIDTH, "height": 740},
            is_mobile=True,
            has_touch=True,
        )
        speak(context, live_server, language)
        if user is not None:
            sign_in(context, live_server, user)
        page = context.new_page()
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        if overflow(page):
            problems.append(f"{url}: {overflow(page)} px wider than the phone")
        problems += [f"{url}: {problem}" for problem in axe_problems(page)]
        context.close()
    assert not problems, "\n".join(problems)
