from django.urls import path

from . import views

app_name = "distribution"

urlpatterns = [
    path("<slug:slug>/", views.short_link, name="short_link"),
]
