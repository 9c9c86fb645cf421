from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def show(request, pk=None):
    return render(request, "web/dashboard.html", {})


urlpatterns = [path("projects/", show, name="projects")]
urlpatterns += [path("projects/<int:pk>/", show, name="project")]
