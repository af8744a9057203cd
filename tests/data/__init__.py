"""Generators of test data (the CV corpus); the generated files themselves are not committed."""
