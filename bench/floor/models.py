from django.db import models


class FloorRow(models.Model):
    """A plain three-field row: what the cheapest possible form submission stores."""

    name = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
