"""Re-hash every stored file version and report any that is missing or no longer matches its SHA-256."""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from projects.models import DeliverableFile, ProjectDocumentFile, SupportingDocument

CHUNK = 1024 * 1024


class Command(BaseCommand):
    help = "Re-hash stored files (deliverables, project documents, supporting documents); exit 1 on a mismatch."

    def handle(self, *args, **options):
        checked, problems = 0, []
        for model in (DeliverableFile, ProjectDocumentFile, SupportingDocument):
            for version in model.objects.order_by("pk").iterator():
                checked += 1
                where = f"{model._meta.verbose_name} {version.pk} ({version.original_name} v{version.version})"
                try:
                    digest = hashlib.sha256()
                    with version.file.open("rb") as handle:
                        for chunk in iter(lambda handle=handle: handle.read(CHUNK), b""):
                            digest.update(chunk)
                except FileNotFoundError:
                    problems.append(f"{where}: the stored file is missing")
                    continue
                if digest.hexdigest() != version.sha256:
                    problems.append(f"{where}: content does not match its SHA-256")
        if problems:
            raise CommandError(f"{len(problems)} of {checked} stored files failed:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"All {checked} stored files match their SHA-256."))
