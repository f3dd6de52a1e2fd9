from django.urls import path

import ops.params  # noqa: F401  (the `id` path converter)

from . import views

app_name = "resources"

urlpatterns = [
    path("go/<id:pk>/", views.go, name="go"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
