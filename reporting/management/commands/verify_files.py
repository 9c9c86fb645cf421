"""Re-hash every stored file and report any that is missing or no longer matches its SHA-256.

It lives in ``reporting`` because it checks both layers' files: the uploaded versions of ``projects``
(deliverables, project documents, supporting documents) and the generated documents of ``reporting``.
"""

import hashlib
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.db.models.fields.files import FieldFile

from projects.models import DeliverableFile, ProjectDocumentFile, SupportingDocument
from reporting.models import GeneratedDocument

CHUNK = 1024 * 1024


def stored_files() -> Iterator[tuple[str, FieldFile, str]]:
    """Each stored file as (how the report names it, the file, the SHA-256 recorded for it)."""
    for model in (DeliverableFile, ProjectDocumentFile, SupportingDocument):
        for version in model.objects.order_by("pk").iterator():
            where = f"{model._meta.verbose_name} {version.pk} ({version.original_name} v{version.version})"
            yield where, version.file, version.sha256
    documents = GeneratedDocument.objects.exclude(file="").select_related("project", "period").order_by("pk")
    for document in documents.iterator():
        yield f"generated document {document.pk} ({document.download_name})", document.file, document.sha256


class Command(BaseCommand):
    help = (
        "Re-hash stored files (deliverables, project documents, supporting documents, generated documents); "
        "exit 1 on a mismatch."
    )

    def handle(self, *args, **options):
        checked, problems = 0, []
        for where, file, sha256 in stored_files():
            checked += 1
            try:
                digest = hashlib.sha256()
                with file.open("rb") as handle:
                    for chunk in iter(lambda handle=handle: handle.read(CHUNK), b""):
                        digest.update(chunk)
            except FileNotFoundError:
                problems.append(f"{where}: the stored file is missing")
                continue
            if digest.hexdigest() != sha256:
                problems.append(f"{where}: content does not match its SHA-256")
        if problems:
            raise CommandError(f"{len(problems)} of {checked} stored files failed:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"All {checked} stored files match their SHA-256."))
