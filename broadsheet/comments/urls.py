from django.urls import path

from broadsheet.comments import views

app_name = "comments"
urlpatterns = [
    path("token/", views.form_token, name="token"),
    path("api/articles/<id:article_id>/", views.api_comments, name="api"),
    path("articles/<id:article_id>/post/", views.form_post, name="post"),
]
