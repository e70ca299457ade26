from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("follow/", views.subscribe, name="subscribe"),
    path("follow/token/", views.form_token, name="token"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
