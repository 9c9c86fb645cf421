"""The four state machines of DESIGN.md — project, deliverable, partner claim, periodic report — as data,
one module each, registered with the workflow engine in that order when ``ProjectsConfig.ready()``
imports this package.

Each guard yields the sentences a coordinator can act on, naming the thing ("GMT d.o.o. has no
budget."); the transition service collects every reason, not the first. Every sentence goes through
``gettext`` when it is said, with named placeholders (``gettext("%(partner)s has no budget.") % {...}``),
and every label (machine, transition, payload field) is a lazy translation (``gettext_lazy``): ``str()``
one before cutting or joining it. Who holds which role towards an object is the access policy's answer
(``access.roles_towards``); the roles a transition names are ``access.Role`` members.
"""

from workflows import registry

from . import claim, deliverable, project, report

MACHINES = tuple(registry.register(module.MACHINE) for module in (project, deliverable, claim, report))
