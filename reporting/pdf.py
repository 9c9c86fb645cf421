"""Render HTML to PDF/A-3b bytes with WeasyPrint; storing or streaming them is someone else's job.

WeasyPrint may load only Clusterflow's own report stylesheets and images (``reporting/static/``):
``LocalFilesFetcher`` refuses the network, ``data:`` URLs and every other file, and a refusal stops
the rendering, so a template that reaches out fails loudly instead of producing a different PDF.
The fonts are the project's own copies of DejaVu in that folder (loaded by ``report.css``), embedded
as subsets: Polish, Slovenian and Macedonian Cyrillic print alike on every host.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, Attachment
from weasyprint.urls import FatalURLFetchingError, URLFetcher

STATIC_DIR = Path(__file__).resolve().parent / "static" / "reporting"
PDF_VARIANT = "pdf/a-3b"


class RefusedResource(FatalURLFetchingError):
    """A template asked WeasyPrint for something outside the report's own static files."""


class LocalFilesFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``STATIC_DIR`` and refuses everything else."""

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols={"file"})
        self.root = root.resolve()

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedResource(f"The report may load only its own static files; refused {url[:200]}")
        return super().fetch(path.as_uri(), headers)


@dataclass(frozen=True)
class EmbeddedFile:
    """A machine-readable copy of the report's figures, attached to the PDF (PDF/A-3 ``Data``)."""

    name: str
    content: bytes
    description: str


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def render_pdf(
    *,
    html: str,
    attachments: Iterable[EmbeddedFile] = (),
    on_laid_out: Callable[[int], None] | None = None,
) -> RenderedPdf:
    """Lay out ``html`` (title, author and subject come from its ``<title>`` and ``<meta>``) as PDF/A-3b.

    ``on_laid_out(pages)`` is called between layout and writing, the two long steps, so that a job can
    report its progress.
    """
    fetcher = LocalFilesFetcher()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).render()
    if on_laid_out:
        on_laid_out(len(document.pages))
    embedded = [
        Attachment(
            string=item.content,
            name=item.name,
            description=item.description,
            relationship="Data",
            url_fetcher=fetcher,
        )
        for item in attachments
    ]
    content = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=embedded)
    return RenderedPdf(content=content, pages=len(document.pages))
