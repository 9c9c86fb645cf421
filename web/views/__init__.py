"""The pages' views, one module per topic; each module lists its own URL patterns (``urlpatterns``).

Views are thin: they read through the selectors and write through the services of ``projects`` and
``reporting`` — the same access policy as the API — and render a template, or one of its partials for an
htmx request.
"""
