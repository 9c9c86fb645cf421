"""The demo world as the files in ``data/`` write it, read into plain values (``data/README.md``).

YAML as PyYAML's safe loader reads it, plus the three notations the README describes: a number with
a decimal point is a ``Decimal``; ``2024-02-29 17:00 Europe/Brussels`` is an aware datetime in that
zone; ``!paragraphs`` joins a list of paragraphs with blank lines.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from projects.demo.rows import DemoDataError

DATA_DIR = Path(__file__).resolve().parent / "data"
# Talentjourney first: it is project 1 in the README's examples.
CLUSTER_FILES = ("velenje.yaml", "kssemp.yaml", "glokal.yaml")

ZONED = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) ([A-Za-z]+(?:/[A-Za-z_+-]+)+)$")


class DemoLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the demo's notations."""


def _decimal(loader: DemoLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


def _zoned(loader: DemoLoader, node: yaml.ScalarNode) -> datetime:
    # The zone's rules give the offset for that date: summer time is never written by hand.
    wall_clock, zone = ZONED.match(loader.construct_scalar(node)).groups()
    return datetime.fromisoformat(wall_clock).replace(tzinfo=ZoneInfo(zone))


def _paragraphs(loader: DemoLoader, node: yaml.SequenceNode) -> str:
    return "\n\n".join(loader.construct_sequence(node))


DemoLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
DemoLoader.add_implicit_resolver("!zoned", ZONED, list("0123456789"))
DemoLoader.add_constructor("!zoned", _zoned)
DemoLoader.add_constructor("!paragraphs", _paragraphs)


@dataclass(frozen=True)
class World:
    organisations: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
    projects: list[dict[str, Any]]  # each with the name of its cluster under "cluster"
    programmes: list[dict[str, Any]]
    rate_source: str
    rates: dict[str, dict[date, Decimal]]  # units of the currency per 1 EUR, by currency and month
    users: list[dict[str, Any]]  # the staff user first


def _read(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as file:
        return yaml.load(file, Loader=DemoLoader)  # a SafeLoader: builds plain values only


def read_world() -> World:
    """Every data file, read and put together; cross-references are resolved while loading."""
    files = [_read(name) for name in CLUSTER_FILES]
    rates = _read("exchange_rates.yaml")
    users = _read("users.yaml")
    if not users or not users[0].get("is_staff"):
        raise DemoDataError("The first user of users.yaml must be staff: the demo creates it first, and it acts.")
    return World(
        organisations=[organisation for file in files for organisation in file["organisations"]],
        clusters=[file["cluster"] for file in files],
        projects=[
            {**project, "cluster": file["cluster"]["name"]} for file in files for project in file.get("projects", [])
        ],
        programmes=_read("programmes.yaml"),
        rate_source=rates["source"],
        rates={
            currency: {date.fromisoformat(f"{month}-01"): rate for month, rate in months.items()}
            for currency, months in rates["units_per_eur"].items()
        },
        users=users,
    )
