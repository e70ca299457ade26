from django.urls import path

from . import views

app_name = "affiliates"

urlpatterns = [
    path("go/<slug:slug>/", views.LinkRedirectView.as_view(), name="go"),
]
