from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("<str:token>/", views.answer, name="answer"),
]
