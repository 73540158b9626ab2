"""PR402 placeholder-component."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class PlaceholderComponent(Rule):
    """An enterprise component whose key methods are stubs.

    What it finds
    A class, function or module that an indicator pack recognises as a component of a report
    area (a `CircuitBreaker`, a `BackupManager`, a `LicenseValidator`, a `LeaderElection`, ...)
    whose key methods only `pass`, return `...`, `True` or `None`, raise
    `NotImplementedError`, or hold nothing but a (TODO) docstring. Abstract base classes,
    protocols, classes that other classes in the file extend and classes whose methods all
    raise `NotImplementedError` (interfaces by convention) are not reported.

    Why it matters
    A placeholder looks like a feature in code review, in architecture diagrams and in sales
    decks, but does nothing at run time: the circuit never opens, no backup is written, every
    license is valid. It is worse than a missing feature because nobody goes looking for it.

    Example
    ```python
    class BackupManager:
        # Backs up the database to object storage.

        def run_backup(self, source):
            pass

        def restore(self, backup_id):
            raise NotImplementedError
    ```

    Use instead
    ```python
    import subprocess


    class BackupManager:
        # Backs up the database with pg_dump.

        def __init__(self, dsn, directory):
            self.dsn = dsn
            self.directory = directory

        def run_backup(self, name):
            target = f"{self.directory}/{name}.dump"
            subprocess.run(["pg_dump", "--format=custom", "--file", target, self.dsn], check=True)
            return target

        def restore(self, target):
            subprocess.run(["pg_restore", "--clean", "--dbname", self.dsn, target], check=True)
    ```

    Fix
    No automatic fix: implement the methods or remove the component. For tracing, licensing,
    clustering and health checks the kit has real implementations (`prodready_kit.tracing`,
    `prodready_kit.licensing`, `prodready_kit.cluster`, `prodready_kit.health`).
    """

    id = "PR402"
    slug = "placeholder-component"
    family = "inventory"
    status = "placeholder"
    severity = Severity.MEDIUM
    message = "Component is a placeholder: its key methods are stubs"
