"""Reference data, written by the staff user: organisations, clusters, programmes with their flat
rates and calls, exchange rates.

A cluster's members and a programme's flat rates are written with the cluster or the programme, as
the API writes them; once it exists they are staff's to change and the demo leaves them alone.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from projects import services
from projects.demo.rows import DemoDataError, Index, found_or_created, record
from projects.models import Call, Cluster, ExchangeRate, Organisation, Programme
from projects.money import to_cents


def load_organisations(specs: Iterable[Mapping[str, Any]], *, actor: AbstractBaseUser) -> Index:
    """The organisations by the short name the data files refer to them by."""
    organisations = Index("an organisation")
    for spec in specs:
        if spec["short_name"] in organisations:
            raise DemoDataError(
                f"Two demo organisations are called {spec['short_name']!r}: short names must be unique."
            )
        organisations[spec["short_name"]] = record(
            Organisation,
            actor=actor,
            lookup={"name": spec["name"]},
            data={k: v for k, v in spec.items() if k != "name"},
        )
    return organisations


def load_clusters(
    specs: Iterable[Mapping[str, Any]], *, organisations: Mapping[str, Organisation], actor: AbstractBaseUser
) -> Index:
    return Index(
        "a cluster",
        {
            spec["name"]: record(
                Cluster,
                actor=actor,
                lookup={"name": spec["name"]},
                data={
                    "country": spec["country"],
                    "coordinating_organisation": organisations[spec["coordinator"]],
                    "members": [organisations[name] for name in spec["members"]],
                    "description": spec["description"],
                },
            )
            for spec in specs
        },
    )


def load_programmes(specs: Iterable[Mapping[str, Any]], *, actor: AbstractBaseUser) -> Index:
    """The programmes with their flat rates and calls; returns the calls by (programme code, identifier)."""
    calls = Index("a call (programme, identifier)")
    for spec in specs:
        data = {key: value for key, value in spec.items() if key != "calls"}
        programme = found_or_created(
            Programme,
            lookup={"code": spec["code"]},
            create=lambda data=data: services.programme_save(actor=actor, data=data),
        )
        for call in spec["calls"]:
            calls[spec["code"], call["identifier"]] = record(
                Call,
                actor=actor,
                lookup={"programme": programme, "identifier": call["identifier"]},
                data={**call, "max_grant": to_cents(call["max_grant"])},
            )
    return calls


def load_exchange_rates(rates: Mapping[str, Mapping[date, Decimal]], *, source: str, actor: AbstractBaseUser) -> None:
    # Never replaces a rate that exists: staff may have entered the official one for that month.
    for currency, months in rates.items():
        for month, rate in months.items():
            record(
                ExchangeRate,
                actor=actor,
                lookup={"currency": currency, "month": month},
                data={"rate": rate, "source": source},
            )
