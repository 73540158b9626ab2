from setuptools import setup

setup(name="legacy", version="1.0", install_requires=["fastapi>=0.110"])
