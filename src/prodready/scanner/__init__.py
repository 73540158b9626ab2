"""Discovery, parsing, the project model, the runner and what it produces."""
