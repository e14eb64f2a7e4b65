"""Broadsheet settings, read from the environment once at start.

Every setting a deployment may change is an environment variable documented in README.md.
Values that the code needs at request time are read through ``django.conf.settings`` when the
request runs, never copied into module globals elsewhere.

Its sections (each imports what it needs from those listed before it):
``environment`` (paths, BROADSHEET_ENV, the secret key, hosts), ``apps`` (applications,
middleware, templates), ``data`` (database, cache, page cache, comments, tasks), ``security``
(cookies, headers, body limits, CSP, sign-in limits, mail) and ``site`` (languages, static
files, Wagtail, logging). Django reads the upper-case names of this package.
"""

from broadsheet.settings.apps import *  # noqa: F403
from broadsheet.settings.data import *  # noqa: F403
from broadsheet.settings.environment import *  # noqa: F403
from broadsheet.settings.security import *  # noqa: F403
from broadsheet.settings.site import *  # noqa: F403
