import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# Web requests give up on a hung database after this many seconds (config/settings/base.py).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "5")

application = get_wsgi_application()
