from django.urls import path

from broadsheet.comments import catalogue, views

app_name = "comments"
urlpatterns = [
    path("token/", views.form_token, name="token"),
    path("jsi18n/<slug:language>/", catalogue.javascript_catalogue, name="jsi18n"),
    path("api/articles/<id:article_id>/", views.api_comments, name="api"),
    path("articles/<id:article_id>/post/", views.form_post, name="post"),
]
