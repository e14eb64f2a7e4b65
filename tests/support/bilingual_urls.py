"""The URL map of a site with both languages (``BROADSHEET_LANGUAGE=tr,en``), for tests."""

from broadsheet.urls import (  # noqa: F401 - the error handlers belong to the URL map
    build_urlpatterns,
    handler400,
    handler403,
    handler404,
    handler500,
)

urlpatterns = build_urlpatterns(bilingual=True)
