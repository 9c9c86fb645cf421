"""Demo data for ``manage.py demo``, drawn from the source texts in ``seeds/`` (see ``seeds/README.md``).

Three clusters (KSSEMP in Kamienna Góra, GLOKAL, and Šolski center Velenje with its companies), three
programmes (Erasmus+, Interreg ADRION, a Polish regional fund paying in PLN), the projects the seeds
describe (Talentjourney, CIRCLE, "My profession is my future") and a fresh proposal for the
renewable-energy classroom of „Mechanik”, plus demo users for every role.

The projects are replayed in the present (2025–2027) so that the demo has a current reporting period
with draft claims and upcoming due dates; the seeds date them 2020 (Talentjourney, CIRCLE) and 2015
(the "My profession is my future" pilot, when Poland still had junior high schools). Budgets, call
identifiers, grant references, PIC and VAT numbers and exchange rates are illustrative, not real.

The world is data: YAML files in ``data/`` (one per cluster with its organisations and projects;
programmes, exchange rates, users), whose notation ``data/README.md`` explains. The code reads them
(``world``) and writes them through the services, as a user would, so the demo also proves the
domain's rules: reference data, projects, partners and memberships by the staff user (``reference``,
``consortium``, ``users``), each project's work plan, uploads, expenses and claims by its coordinator
(``consortium``, ``story``). A row a service refuses stops the whole load with a ``DemoDataError``
that names it (``rows``); ``loader`` puts it together.

Running the loader again changes nothing. It fills in what is missing and never overwrites what
exists, because ``make run`` loads the demo on every start: a transition taken since, a period edited
in the admin or a real exchange rate entered by staff must survive it. Passwords are the exception,
on request only: ``--password`` sets the given password on every demo user whose password differs.

Projects in implementation got there through the real transitions, taken by the demo users and
dated as their story goes (proposal, approval, signed mandates, application before the call's
deadline, award, signed grant agreement, which creates the reporting periods with their reports and
claims): their history and the transition log's chain are real. The renewable-energy classroom stays a
fresh proposal for a coordinator to submit.
"""

from projects.demo.loader import DemoResult, demo_counts, load_demo
from projects.demo.rows import DemoDataError
from projects.demo.users import UNCHANGED, DemoLogin

__all__ = ["UNCHANGED", "DemoDataError", "DemoLogin", "DemoResult", "demo_counts", "load_demo"]
