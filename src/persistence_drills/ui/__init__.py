"""Everything that draws on the terminal."""
