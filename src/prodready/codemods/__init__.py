"""LibCST codemods, one per fix."""
