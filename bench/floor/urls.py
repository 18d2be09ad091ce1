from django.urls import path

from . import views

app_name = "bench_floor"

urlpatterns = [
    path("side/", views.page, name="page"),
    path("indsaet/", views.insert, name="insert"),
]
