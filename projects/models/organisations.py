"""Organisations and the clusters they belong to."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.codes import COUNTRY_CODES, country_choices


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")
    NGO = "ngo", _("NGO")
    CHAMBER = "chamber", _("Chamber")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A school, company, public body or NGO that takes part in projects."""

    Kind = OrganisationKind

    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(max_length=2, choices=country_choices, help_text="ISO 3166-1 alpha-2")
    city = models.CharField(max_length=120, blank=True)
    vat_number = models.CharField(max_length=30, blank=True)
    pic = models.CharField(
        "EU PIC",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{9}$", _("The EU PIC has exactly 9 digits, for example 949658587."))],
        help_text="Participant Identification Code, 9 digits",
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__in=COUNTRY_CODES), name="organisation_country_iso"),
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
            models.CheckConstraint(condition=Q(pic="") | Q(pic__regex=r"^[0-9]{9}$"), name="organisation_pic_9_digits"),
            models.UniqueConstraint(fields=["pic"], condition=~Q(pic=""), name="organisation_pic_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A cooperation platform of schools and employers, run by a coordinating organisation."""

    name = models.CharField(max_length=255, unique=True)
    country = models.CharField(max_length=2, choices=country_choices)
    coordinating_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coordinated_clusters"
    )
    members = models.ManyToManyField(Organisation, related_name="clusters", blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__in=COUNTRY_CODES), name="cluster_country_iso"),
        ]

    def __str__(self) -> str:
        return self.name
