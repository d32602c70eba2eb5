"""Safe parsing of student answers (plain text or LaTeX) into SymPy expressions."""
