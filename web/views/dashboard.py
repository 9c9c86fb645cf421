from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def show(request):
    return render(request, "web/dashboard.html", {"nav": "dashboard"})


urlpatterns = []
