"""bench/api_throughput.py's floor: production settings, and floor_urls as the only URLs."""

from tracker.settings import *  # noqa: F401,F403

ROOT_URLCONF = "floor_urls"
