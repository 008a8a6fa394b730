"""Where sessions are held and whom participants represent: the vocabularies of the Informe."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Person


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Interstate / regional")
    BILATERAL = "bilateral", _("Bilateral")
    INTERNATIONAL = "international", _("International")


class Country(models.TextChoices):
    """ISO 3166-1 alpha-2 codes of the countries our bodies meet in (extend as needed)."""

    MX = "MX", "México"
    US = "US", "Estados Unidos"
    CA = "CA", "Canadá"
    GT = "GT", "Guatemala"
    BZ = "BZ", "Belice"
    HN = "HN", "Honduras"
    SV = "SV", "El Salvador"
    CO = "CO", "Colombia"
    CU = "CU", "Cuba"
    ES = "ES", "España"
    CH = "CH", "Suiza"
    AT = "AT", "Austria"
    OTHER = "ZZ", _("Other")


class Category(models.TextChoices):
    """In which capacity someone attended a session (reports count governors, representatives)."""

    TITULAR = "titular", _("Principal (titular)")
    SUPLENTE = "suplente", _("Alternate (suplente)")
    GOVERNOR = "governor", _("Governor")
    STATE_REP = "state_rep", _("State representative")
    GUEST = "guest", _("Guest")
    INTERNATIONAL = "international", _("International organisation")


# The sex of a person, snapshotted on each attendance.
Sex = Person.Sex
