"""Plain functions the tests share (fixtures stay in the conftest.py files).

A test module imports helpers from here, never from another test module or a conftest.
"""
