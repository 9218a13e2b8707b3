"""gunicorn settings for serving Arrears in production.

    gunicorn -c deploy/gunicorn.conf.py

Every knob is an environment variable, read as strictly as the app's own settings
(arrears/core/env.py): a malformed value stops start-up. See README "Deployment".
"""

from __future__ import annotations

import multiprocessing

from arrears.core.env import env_int, env_list, env_str

wsgi_app = "arrears.wsgi:application"

# Where to listen: usually loopback or a private address, behind the reverse proxy that
# terminates TLS. Several addresses are comma-separated.
bind = env_list("ARREARS_BIND", ["127.0.0.1:8000"])

# Sync workers: each request holds one process, so the number of workers is the number
# of requests served at once. 2 x cores + 1 is gunicorn's rule of thumb for a workload
# that waits on the database about as long as it computes.
workers = env_int("ARREARS_WORKERS", multiprocessing.cpu_count() * 2 + 1, minimum=1)
threads = env_int("ARREARS_THREADS", 1, minimum=1)

# A request that takes longer than this is killed and logged: imports and the nightly
# run are commands, never requests, so a minute is generous for any page.
timeout = env_int("ARREARS_TIMEOUT", 60, minimum=1)
graceful_timeout = env_int("ARREARS_GRACEFUL_TIMEOUT", 30, minimum=1)
keepalive = env_int("ARREARS_KEEPALIVE", 5, minimum=0)

# Restart each worker after this many requests (with jitter, so they do not all restart
# at once): bounds the damage of a slow leak in a long-running process. 0 turns it off.
max_requests = env_int("ARREARS_MAX_REQUESTS", 5000, minimum=0)
max_requests_jitter = env_int("ARREARS_MAX_REQUESTS_JITTER", 500, minimum=0)

# Which proxies may tell gunicorn the original scheme (X-Forwarded-Proto) and client.
forwarded_allow_ips = env_str("ARREARS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log on stdout (the service manager keeps it): who, what, status, size, and the
# time taken in microseconds (%(D)s), for slow-request hunting.
accesslog = env_str("ARREARS_ACCESS_LOG", "-") or None
errorlog = env_str("ARREARS_ERROR_LOG", "-")
loglevel = env_str("ARREARS_GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'
proc_name = "arrears"
