from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import FloorRow


def page(request):
    """base.html with one query: the floor for every page's server time."""
    count = get_user_model().objects.count()
    return render(request, "base.html", {"floor_count": count})


@csrf_exempt
@require_POST
def insert(request):
    """Store a plain row from a POST: the floor for the hearing form's throughput."""
    row = FloorRow.objects.create(
        name=request.POST.get("name", "")[:200], text=request.POST.get("text", "")
    )
    return HttpResponse(str(row.pk), content_type="text/plain")
