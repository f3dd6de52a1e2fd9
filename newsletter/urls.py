from django.urls import path

from . import clicks, views

app_name = "newsletter"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/start/", views.form_token, name="form_token"),
    path("thanks/", views.thanks, name="thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("u/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("u/<str:token>/undo/", views.resubscribe, name="resubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/data.json", views.data, name="data"),
    path("preferences/<str:token>/delete/", views.delete, name="delete"),
    path("c/<str:token>/", clicks.click, name="click"),
    path("o/<str:token>/", clicks.open_pixel, name="open"),
    path("archive/", views.archive, name="archive"),
    path("archive/feed/", views.ArchiveFeed(), name="archive_feed"),
    path("archive/<slug:slug>/", views.archive_detail, name="archive_detail"),
]
