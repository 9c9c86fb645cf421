"""The admin: the cluster office looks after every row of the domain here, one module per topic.

Statuses are read-only: only the workflow's transitions change them (offered as admin actions by
``WorkflowAdminMixin``, through the same transition service as the API). Stored file versions are
read-only for everyone: a new upload is a new version, nothing is overwritten or deleted. Every row is
saved and deleted through the services (``base._save``), as from the API, so the access policy and
the models' rules hold here too, a frozen claim stays frozen and a new partner or period gets its
claims and report.
"""

from . import claims, consortium, reference, workplan  # noqa: F401  (each registers its models)
