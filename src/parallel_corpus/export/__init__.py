"""Writers: every file the toolkit produces is written here, atomically."""
