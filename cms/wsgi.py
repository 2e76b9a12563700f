import os

from django.core.wsgi import get_wsgi_application

# A WSGI server is never the development server: debug off by default.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.local")

application = get_wsgi_application()
