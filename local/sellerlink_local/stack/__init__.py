"""The AWS side of the one-machine stack: moto in server mode, built from template.yaml."""
