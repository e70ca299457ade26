from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("token/<int:article_id>/", views.form_token, name="token"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
