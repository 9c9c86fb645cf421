"""Reading exports as a user's spreadsheet program would."""

import csv
import io


def export(client, project, name, **params):
    return client.get(f"/api/projects/{project.pk}/exports/{name}", params)


def csv_text(response) -> str:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for spreadsheet programs"
    return raw.decode("utf-8-sig")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def header(text: str) -> tuple[str, ...]:
    return tuple(next(csv.reader(io.StringIO(text))))
