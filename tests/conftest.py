"""Shared test settings: one hypothesis profile for every property test.

``HYPOTHESIS_PROFILE=ci`` runs more examples; each test's own ``settings`` still decide
its example count where they set one (``EG_EXAMPLES`` scales those).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
