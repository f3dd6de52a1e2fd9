from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("go/<int:pk>/", views.go, name="go"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
