"""The shop's Redis."""

import redis

client = redis.Redis()
