from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def show(request, pk):
    return render(request, "web/dashboard.html", {})


urlpatterns = [path("periodic-reports/<int:pk>/", show, name="periodic-report")]
