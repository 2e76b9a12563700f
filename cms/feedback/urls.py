from django.urls import path

from . import views

urlpatterns = [
    path("gop-y/", views.send, name="feedback_send"),
    path("gop-y/tra-cuu/", views.lookup, name="feedback_lookup"),
    path("gop-y/da-nhan/<str:code>/", views.status, name="feedback_status"),
    path("gop-y/huu-ich/", views.rate, name="feedback_rate"),
]
