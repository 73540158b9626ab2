"""Web framework adapters: each turns code into the common route model."""
