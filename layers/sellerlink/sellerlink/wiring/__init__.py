"""One composition root per Lambda function, named after its logical id in template.yaml.

Each module reads its function's settings (composed of `sellerlink.settings` parts) and builds
exactly what that function's code uses, lazily and once per container (`functools.cache`).
Only `functions/*/app.py` import these modules; below them nothing reads settings or secrets or
builds an AWS client. Each module's docstring lists the AWS calls its function makes: the IAM
policy of the function in template.yaml lists those and nothing else.
"""
