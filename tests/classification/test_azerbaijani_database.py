"""The Azerbaijani alphabet and case in the database: ICU on PostgreSQL, our rules on SQLite."""

import pytest

from classification.database import az_order
from classification.models import EconomicRegion, Place
from classification.text import sort_key
from forecasts.models import Employer
from tests.forecasts.factories import make_employer
from vacancies.models import Office, OfficeKind

pytestmark = pytest.mark.django_db

PLACES = ["Şəki", "İmişli", "Goranboy", "Gəncə", "Göygöl", "Zaqatala", "Xaçmaz", "Ağsu", "Qax"]
KIND = OfficeKind.values[0]
IN_ORDER = ["Ağsu", "Gəncə", "Goranboy", "Göygöl", "Xaçmaz", "İmişli", "Qax", "Şəki", "Zaqatala"]


def test_places_in_a_region_are_listed_in_azerbaijani_alphabetical_order():
    region = EconomicRegion.objects.create(number=3, name="Gəncə-Daşkəsən")
    for name in PLACES:
        Place.objects.create(region=region, name=name)
    assert list(Place.objects.values_list("name", flat=True)) == IN_ORDER


def test_the_database_order_is_the_python_sort_key_order():
    region = EconomicRegion.objects.create(number=4, name="Şəki-Zaqatala")
    names = [*PLACES, "ağdam", "“Çinar”", "İsmayıllı", "Ismayıllı", "Ucar", "Ürgüt"]
    for name in names:
        Place.objects.create(region=region, name=name)
    from_db = list(Place.objects.order_by(az_order("name")).values_list("name", flat=True))
    assert [sort_key(n, "az")[0] for n in from_db] == sorted(sort_key(n, "az")[0] for n in names)


def test_offices_are_in_azerbaijani_order_too():
    region = EconomicRegion.objects.create(number=5, name="Bakı")
    names = ["Şirvan idarəsi", "İsmayıllı idarəsi", "Gəncə idarəsi", "Goranboy idarəsi"]
    for number, name in enumerate(names):
        Office.objects.create(
            slug=f"office-{number}", name=name, kind=KIND, city=name, region=region, address="-"
        )
    assert list(Office.objects.values_list("name", flat=True)) == [
        "Gəncə idarəsi",
        "Goranboy idarəsi",
        "İsmayıllı idarəsi",
        "Şirvan idarəsi",
    ]


@pytest.mark.parametrize("query", ["inşaat", "İnşaat", "INŞAAT", "İNŞAAT", "ınşaat"])
def test_azcontains_ignores_azerbaijani_case(query):
    make_employer("a@example.az", legal_name="“İnşaat Servis” MMC")
    make_employer("b@example.az", legal_name="Xəzər Tikinti")
    found = Employer.objects.filter(legal_name__azcontains=query)
    assert [e.legal_name for e in found] == ["“İnşaat Servis” MMC"]


def test_the_admin_search_for_insaat_finds_Insaat(superuser_client):
    make_employer("a@example.az", legal_name="İnşaat Servis MMC")
    make_employer("b@example.az", legal_name="Xəzər Tikinti")
    response = superuser_client.get("/admin/forecasts/employer/", {"q": "inşaat"})
    assert response.status_code == 200
    assert "İnşaat Servis MMC" in response.content.decode()
    assert "Xəzər Tikinti" not in response.content.decode()


def test_azcontains_treats_percent_and_underscore_literally():
    make_employer("a@example.az", legal_name="100% Tikinti")
    make_employer("b@example.az", legal_name="1000 Tikinti")
    assert Employer.objects.filter(legal_name__azcontains="100%").count() == 1


def test_staff_lists_employers_in_azerbaijani_alphabetical_order(superuser_client):
    for number, name in enumerate(["Şəfa MMC", "Zəfər ASC", "Əliyev və oğulları", "Ağ Şəhər"]):
        make_employer(f"e{number}@example.az", legal_name=name)
    assert list(Employer.objects.values_list("legal_name", flat=True)) == [
        "Ağ Şəhər",
        "Əliyev və oğulları",
        "Şəfa MMC",
        "Zəfər ASC",
    ]
    html = superuser_client.get("/admin/forecasts/employer/").content.decode()
    positions = [html.index(name) for name in ["Ağ Şəhər", "Əliyev", "Şəfa MMC", "Zəfər ASC"]]
    assert positions == sorted(positions)
