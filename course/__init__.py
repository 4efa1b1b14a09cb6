"""The master nbgrader course, installed as package data ``autograde.course.master``."""
