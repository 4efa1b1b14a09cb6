"""The exercise catalog (instructor only): specs with their reference, cases, mutants and hints.

Never shipped to students: mutants are near-solutions and hidden cases are secret. What of it is
public (the case bundles) is written into the kit by :mod:`autograde.catalog.publish`.
"""
