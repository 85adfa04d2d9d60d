"""Settings for the benchmarks only: the product's settings with the bench URLconf (adds a bare view).

Selected with DJANGO_SETTINGS_MODULE=_bench_settings and bench/ on PYTHONPATH; never used by the product.
"""

from ocop.web.settings import *  # noqa: F403

ROOT_URLCONF = "_bench_urls"
