"""Reference data: every signed-in user reads organisations, clusters, programmes, calls and rates."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from projects.models import Call, Cluster, ExchangeRate, Organisation, Programme


def organisation_list(*, user: AbstractBaseUser) -> QuerySet[Organisation]:
    return Organisation.objects.all()


def cluster_list(*, user: AbstractBaseUser) -> QuerySet[Cluster]:
    return Cluster.objects.select_related("coordinating_organisation").prefetch_related("members")


def programme_list(*, user: AbstractBaseUser) -> QuerySet[Programme]:
    return Programme.objects.prefetch_related("flat_rates")


def call_list(*, user: AbstractBaseUser) -> QuerySet[Call]:
    return Call.objects.select_related("programme")


def exchange_rate_list(*, user: AbstractBaseUser) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.all()
