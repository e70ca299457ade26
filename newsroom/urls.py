from django.urls import path

from . import sharing

app_name = "newsroom"

urlpatterns = [
    path("share/<str:token>/", sharing.shared_article, name="share"),
]
