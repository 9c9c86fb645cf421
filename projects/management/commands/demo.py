"""``manage.py demo``: load the demo world (``projects/demo/``) and print the logins."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projects.demo import UNCHANGED, DemoDataError, DemoResult, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo clusters, programmes, projects and users drawn from the seed texts. "
        "Safe to run again: it only adds what is missing and never overwrites existing data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help=(
                "Password for every demo user. Without it, users created now get a generated password "
                "(printed once) and existing users keep theirs."
            ),
        )

    def handle(self, *args, password: str | None = None, **options) -> None:
        if password is not None and not password:
            raise CommandError("--password must not be empty; leave it out to generate passwords.")
        try:
            result = load_demo(password=password)
        except DemoDataError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        self.stdout.write(self.format_result(result))

    def format_result(self, result: DemoResult) -> str:
        header = ("username", "role", "password")
        rows = [header, *((login.username, login.role, login.password) for login in result.logins)]
        widths = [max(map(len, column)) for column in zip(*rows, strict=True)]
        lines = ["Demo data loaded. Logins:", ""]
        lines += [
            "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        if any(login.password == UNCHANGED for login in result.logins):
            lines += ["", f"{UNCHANGED}: the user existed and keeps its password (set one with --password)."]
        lines += ["", ", ".join(f"{count} {name}" for name, count in result.counts) + "."]
        return "\n".join(lines)
