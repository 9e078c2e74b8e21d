from demo_town import CSRF  # noqa: F401 (the tests import it from here)
