"""File responses: every stored or generated file is sent as an attachment, never rendered by the browser."""

from django.http import FileResponse


def attachment_response(file, *, filename: str, content_type: str) -> FileResponse:
    """A file as an attachment under ``filename`` (Unicode kept), never rendered by the browser."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_response(stored) -> FileResponse:
    """A stored file version under its original name and detected type."""
    return attachment_response(stored.file.open("rb"), filename=stored.original_name, content_type=stored.mime_type)
