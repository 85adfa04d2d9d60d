import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.web.settings")
application = get_wsgi_application()

from ocop.lifecycle.verify_cache import listen_for_changes  # noqa: E402  (needs the app registry)

listen_for_changes()  # other server processes' certificate changes reach this one's verification cache
