"""URL configuration.

Uploaded files are never served from a public media URL: downloads go through permission-checked
views only.
"""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Clusterflow"
admin.site.site_title = "Clusterflow"
admin.site.index_title = "Projects, partners and reporting"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
