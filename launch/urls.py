from django.urls import re_path

from . import views

app_name = "launch"

urlpatterns = [
    re_path(r"^(?P<code>[A-Za-z0-9_-]{1,16})/$", views.referral, name="referral"),
]
