"""Numeric checks of student RNN/LSTM code: reference comparison, finite differences,
hygiene, and diagnosis of where a gradient goes wrong. Entry point: `grade_py`."""
