"""The `health` rule family (DESIGN §1.1): fake, body-only-failure, static-liveness, real
health endpoints, and the project-level missing readiness check."""
