"""The `exposure` rule family (DESIGN §1.2): test/dev and token-minting routes that are exposed,
gated or unmounted, and debug mode switched on."""
