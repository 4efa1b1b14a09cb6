"""Instructor reports from the results store: the response matrix, Moodle's item and quiz
statistics, grade exports for LMS gradebooks, and the offline dashboard."""
