"""Trusted expected values of the `value` questions (instructor side).

Each function takes the student's seed (`autograder.value_seed.value_seed`) and returns a
float computed with the float64 references in `autograder.models`. The inputs of each
experiment are drawn from that seed, here and in the notebook's experiment cell with the
same draws in the same order; the solution notebook graded under several ids proves they
agree (tests/assignments/test_value_seeds.py).
"""
