"""The demo class's shape (:mod:`autograde.course.sample_class`), apart from the heavy module
that makes it: the command line shows these in its help."""

LESSONS = ("01_neuron", "03_loss", "05_backprop")
"""The lessons the demo class hands in."""
DIGITS = "07_digits"
"""The capstone, handed in only when asked for (each student trains a network)."""
STUDENTS = 60
MIN_STUDENTS = 8
"""Enough students for every role (cheaters, copiers, broken notebooks) to be someone else."""
