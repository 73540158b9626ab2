"""Reading deployment files (Kubernetes, Helm, docker-compose, Dockerfile, Procfile) into
`prodready.model.deployment`."""
