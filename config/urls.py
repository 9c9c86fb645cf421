"""URL configuration.

Uploaded files are never served from a public media URL: downloads go through permission-checked
views only. Under /api/ every error is JSON with ``detail``, the handlers below included.
"""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from common.api.docs import SchemaView
from common.api.throttles import throttled_login

admin.site.site_header = "Clusterflow"
admin.site.site_title = "Clusterflow"
admin.site.index_title = "Projects, partners and reporting"

urlpatterns = [
    # The admin's session sign-in is throttled like the API's token endpoint.
    path("admin/login/", throttled_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include("notifications.api.urls")),
    path("api/", include("reporting.api.urls")),
    path("api/", include("projects.api.urls")),
    path("", include("notifications.urls")),
    path("", include("web.urls")),
]

# JSON under /api/ (common.api.handlers), pages in the product's layout elsewhere (web.errors).
handler400 = "web.errors.bad_request"
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.not_found"
handler500 = "web.errors.server_error"
