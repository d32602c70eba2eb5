"""Grading inside the platforms courses use (Gradescope, PrairieLearn): each platform hands
one submission in a folder of its own and reads one results file back.

- `single`: find the one notebook of a submission folder and grade it, never raising;
- `gradescope_bundle`: the autograder zip Gradescope builds its image from;
- `gradescope`: what that image runs for each submission (`run_autograder`);
- `prairielearn`: PrairieLearn's external grader entry point.
"""
