"""The bottom layer: what every app shares and that knows no app — the services' typed errors and the
API's common machinery (error format, pagination, schema, fields, filters, file responses, base views).

It imports nothing from ``workflows``, ``projects`` or ``reporting`` (``make lint`` checks it).
"""
