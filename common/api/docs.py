"""The OpenAPI document at /api/schema/, generated and rendered once per process, language and format.

Generating it walks every view and serializer, and rendering it as YAML (the default format) takes about as
long again; the result depends only on the code, which does not change while the process runs, on the
language its descriptions are translated into (``?lang=``) and on the format asked for. It is public
(``SERVE_PUBLIC``), so it does not depend on who asks; the API has no versions, so ``?version=`` does not
change it either. Only a few copies are kept: a client cycling through languages or formats costs
generation time, as without the cache, but not memory.
"""

from typing import ClassVar

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    """drf-spectacular's schema view, its document kept for the process's life."""

    generated: ClassVar[dict[str, dict]] = {}  # language → document
    rendered: ClassVar[dict[tuple[str, str], tuple[bytes, str]]] = {}  # (language, media type) → body, type
    copies_kept = 8

    def _get_version_parameter(self, request):
        return None

    def _get_schema_response(self, request):
        language = self._language()
        key = (language, request.accepted_media_type)
        if key not in self.rendered:
            if language not in self.generated:
                generator = self.generator_class(urlconf=self.urlconf, api_version=None, patterns=self.patterns)
                self._keep(self.generated, language, generator.get_schema(request=request, public=self.serve_public))
            self._keep(self.rendered, key, self._render(request, self.generated[language]))
        body, content_type = self.rendered[key]
        disposition = f'inline; filename="{self._get_filename(request, None)}"'
        return HttpResponse(body, content_type=content_type, headers={"Content-Disposition": disposition})

    def _render(self, request, schema: dict) -> tuple[bytes, str]:
        """The body and Content-Type DRF's response would have had."""
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        body = renderer.render(schema, media_type, self.get_renderer_context())
        if isinstance(body, str):
            body = body.encode(renderer.charset or "utf-8")
        return body, f"{media_type}; charset={renderer.charset}" if renderer.charset else media_type

    def _keep(self, copies: dict, key, value) -> None:
        while len(copies) >= self.copies_kept:
            copies.pop(next(iter(copies)))  # the oldest
        copies[key] = value

    @staticmethod
    def _language() -> str:
        """The language the document is written in; an unknown ``?lang=`` falls back to the default language,
        as Django's translation does."""
        try:
            return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
        except LookupError:
            return settings.LANGUAGE_CODE
