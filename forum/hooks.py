from medborger.hooks import Block

from .models import Forum


def landing_blocks(request):
    forums = list(Forum.objects.all()[:3])
    if not forums:
        return []
    return [Block(template="forum/_landing_forums.html", context={"forums": forums}, order=30)]
