from tests.core.services.import_env import import_env  # noqa: F401  (fixture)
