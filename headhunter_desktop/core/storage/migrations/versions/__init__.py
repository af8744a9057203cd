"""Revisions of the main database, numbered 0001, 0002, …"""
