from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("", views.feeds, name="feeds"),
    path("feed/<slug:token>.ics", views.feed, name="feed"),
]
