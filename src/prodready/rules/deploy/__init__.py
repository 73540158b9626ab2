"""The deploy family: probes and health checks of deployment files joined to the routes they call
(PR501-PR507)."""
