"""The inventory family: enterprise components found by indicator packs, placeholders, and
security checks that always pass (PR401-PR403)."""
