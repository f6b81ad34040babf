"""Watch mode: file saves and key presses become events; one loop handles them one at a time."""
