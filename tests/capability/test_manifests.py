"""Package declarations found in each kind of dependency manifest, with their lines."""

from __future__ import annotations

from prodready.rules.capability.manifests import Declaration, find_declarations

PACKAGES = ("opentelemetry-*", "ddtrace", "jaeger-client", "opencensus*", "licensing")


def test_requirements_files_read_the_start_of_each_line() -> None:
    manifests = {"requirements/prod.txt": "# ddtrace is not used\n-r base.txt\nOpenTelemetry_SDK[grpc]>=1.2  # tracing\n"}
    assert find_declarations(manifests, PACKAGES, "tracing") == [
        Declaration("opentelemetry-sdk", "requirements/prod.txt", 3)]


def test_pyproject_reads_requirement_strings_and_dependency_tables_only() -> None:
    manifests = {"pyproject.toml": (
        '[project]\nname = "svc"\ndependencies = ["ddtrace>=2", "prodready-kit[tracing]"]\n'
        '[project.optional-dependencies]\nlicensing = ["cryptography"]\n'
        '[tool.poetry.dependencies]\njaeger-client = "^4"\n'
    )}
    assert find_declarations(manifests, PACKAGES, "tracing") == [
        Declaration("ddtrace", "pyproject.toml", 3),
        Declaration("prodready-kit[tracing]", "pyproject.toml", 3),
        Declaration("jaeger-client", "pyproject.toml", 7),
    ]


def test_setup_cfg_reads_install_requires() -> None:
    manifests = {"setup.cfg": "[metadata]\nname = ddtrace-demo\n[options]\ninstall_requires =\n    opencensus-ext-azure\n"}
    assert find_declarations(manifests, PACKAGES, "tracing") == [Declaration("opencensus-ext-azure", "setup.cfg", 5)]


def test_launchers_are_found_anywhere() -> None:
    manifests = {"pyproject.toml": '[tool.poe.tasks]\nserve = "opentelemetry-instrument uvicorn app:app"\n'}
    found = find_declarations(manifests, PACKAGES, "tracing", ("opentelemetry-instrument",))
    assert found == [Declaration("opentelemetry-instrument", "pyproject.toml", 2)]


def test_setup_py_reads_requirement_strings() -> None:
    manifests = {"setup.py": 'setup(name="svc", description="newrelic-free", install_requires=["ddtrace>=2"])\n'}
    assert find_declarations(manifests, PACKAGES, "tracing") == [Declaration("ddtrace", "setup.py", 1)]


def test_pyproject_words_outside_dependency_fields_are_not_declarations() -> None:
    manifests = {"pyproject.toml": (
        '[project]\nname = "svc"\ndescription = "Licensing and tracing API"\nkeywords = ["ddtrace", "licensing"]\n'
        'dependencies = [\n  "fastapi",\n]\n[dependency-groups]\nobs = ["opentelemetry-api>=1"]\n'
        '[tool.poetry.group.dev.dependencies]\nopencensus = "^0.11"\n'
    )}
    assert find_declarations(manifests, PACKAGES, "tracing") == [
        Declaration("opentelemetry-api", "pyproject.toml", 9),
        Declaration("opencensus", "pyproject.toml", 11),
    ]


def test_invalid_toml_and_pipfile_and_setup_cfg_extras() -> None:
    manifests = {
        "pyproject.toml": 'dependencies = ["ddtrace"\n',
        "Pipfile": '[source]\nname = "ddtrace-mirror"\n[dev-packages]\nddtrace = "*"\n',
        "setup.cfg": '[metadata]\ndescription = licensing\n[options.extras_require]\nlic =\n    licensing>=1\n',
    }
    assert find_declarations(manifests, PACKAGES, "tracing") == [
        Declaration("ddtrace", "Pipfile", 4),
        Declaration("licensing", "setup.cfg", 5),
    ]
