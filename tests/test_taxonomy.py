import pycountry
from flask_babel import force_locale

from forum import taxonomy


def test_every_iso_country_belongs_to_exactly_one_region():
    listed = [code for codes in taxonomy._REGION_COUNTRIES.values() for code in codes.split()]
    assert len(listed) == len(set(listed))
    assert {country.alpha_2 for country in pycountry.countries} <= set(listed)
    assert set(taxonomy.COUNTRY_REGION.values()) == set(taxonomy.REGIONS)


def test_country_names_follow_the_viewers_language(app):
    assert taxonomy.country_name("BR", "pt") == "Brasil"
    assert taxonomy.country_name("DE", "fr") == "Allemagne"
    assert taxonomy.country_name("EG", "ar") == "مصر"
    assert taxonomy.region_of("SN") == "africa" and taxonomy.region_of("XX") is None


def test_country_choices_sort_by_the_local_name(app):
    names = [name for _, name in taxonomy.country_choices("es")]
    assert names.index("Alemania") < names.index("Zimbabue")


def test_labels_are_translated(app):
    with app.test_request_context(), force_locale("es"):
        assert taxonomy.label(taxonomy.REGIONS, "africa") == "África"
        assert taxonomy.label(taxonomy.RISK_TYPES, "criminalisation").startswith("Criminalización")
        assert taxonomy.label(taxonomy.RISK_TYPES, "nope") == "nope"
