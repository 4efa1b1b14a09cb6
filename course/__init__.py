"""The master nbgrader course, installed as package data ``autograde.coursedir``."""
