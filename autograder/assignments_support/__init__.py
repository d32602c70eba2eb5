"""Trusted expected values of the `value` questions.

Each function takes the student's seed (the spec's interface) and returns a float computed
with the float64 references in `autograder.models`. The inputs of these experiments are
fixed in the notebooks (the same for every student), so the seed is accepted and not used;
the recipe here and the notebook's setup cell build the same arrays, and the solution
notebook's test proves they agree.
"""
