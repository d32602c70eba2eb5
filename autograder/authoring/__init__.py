"""Authoring a course: the instructor's notebooks (markers), their validation, new assignments."""
