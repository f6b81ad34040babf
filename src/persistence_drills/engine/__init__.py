"""Running a drill: a child process runs the checks with pytest and reports back a Verdict."""
