"""URL configuration.

Uploaded files are never served from a public media URL: downloads go through permission-checked
views only. Under /api/ every error is JSON with ``detail``, the handlers below included.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerView

from common.api.docs import SchemaView
from common.api.throttles import throttled_login

admin.site.site_header = "Clusterflow"
admin.site.site_title = "Clusterflow"
admin.site.index_title = "Projects, partners and reporting"

urlpatterns = [
    path("", RedirectView.as_view(url="/api/docs/", permanent=False)),
    # The admin's session sign-in is throttled like the API's token endpoint.
    path("admin/login/", throttled_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include("reporting.api.urls")),
    path("api/", include("projects.api.urls")),
]

handler400 = "common.api.handlers.bad_request"
handler403 = "common.api.handlers.permission_denied"
handler404 = "common.api.handlers.not_found"
handler500 = "common.api.handlers.server_error"
