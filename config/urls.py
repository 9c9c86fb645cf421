"""URL configuration.

Uploaded files are never served from a public media URL: downloads go through permission-checked
views only.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = "Clusterflow"
admin.site.site_title = "Clusterflow"
admin.site.index_title = "Projects, partners and reporting"

urlpatterns = [
    path("", RedirectView.as_view(url="/api/docs/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include("reporting.api.urls")),
    path("api/", include("projects.api.urls")),
]
