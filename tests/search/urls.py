"""The site's URLs with search's own routes first (as the lead wires them)."""

from cms.urls import urlpatterns as site_urlpatterns
from search.urls import urlpatterns as search_urlpatterns

urlpatterns = search_urlpatterns + site_urlpatterns
