"""Search routes. cms/urls.py includes these under the site root."""

from django.urls import path

from . import views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("api/search/", views.search_api, name="search_api"),
    path("api/search/suggest/", views.suggest_api, name="search_suggest"),
]
