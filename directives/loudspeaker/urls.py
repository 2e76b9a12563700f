from django.urls import path

from . import views

urlpatterns = [
    path("phat-thanh/", views.broadcast_week, name="broadcast_week"),
    path("phat-thanh/hom-nay/", views.broadcast_today, name="broadcast_today"),
    path("phat-thanh/lich-in/", views.broadcast_sheet, name="broadcast_sheet"),
    path("phat-thanh/da-phat/", views.record_aired, name="broadcast_record_aired"),
    path("api/phat-thanh/", views.api_programme, name="api_broadcast_programme"),
    path("api/phat-thanh/da-phat/", views.api_aired, name="api_broadcast_aired"),
]
