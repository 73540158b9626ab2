"""The ground: findings, the project model, positions, areas, the collector protocol and the
configuration's data types; it imports nothing of prodready above it."""
