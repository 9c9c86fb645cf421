"""``make bench``: how fast a large funding report renders, and how many documents workers finish a minute.

A. One project's cumulative funding report with 5,000 declared expense lines, three ways, each run in
   a fresh process so that its peak memory is its own:
   (a) Clusterflow's render task body, ``services.document_start`` + ``document_render``, on a queued
       job (figures, template, layout, PDF/A-3b with the JSON and CSV attachments, SHA-256, storing the
       file and the row);
   (b) WeasyPrint alone: ``HTML(string=…).write_pdf(pdf_variant=PDF_VARIANT)`` of the HTML that (a)
       renders, produced beforehand by ``services.document_html``, no attachments;
   (c) (b) with the same attachments as (a).
   The goal is (a) ≤ 1.10 × (b).
B. Documents per minute with one Celery worker process and with two, on PostgreSQL and Redis.

Every step that touches Django runs in a child process of this script (``_step <name> <json>``) with
an environment of its own: a throwaway SQLite file or PostgreSQL database and a temporary MEDIA_ROOT.
The parent imports neither Django nor WeasyPrint, so the developer's ``var/clusterflow.sqlite3`` is
never opened and each child's peak RSS is its own.
"""

import argparse
import hashlib
import json
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: the project's packages are importable from the children

SEED = 20260501
PROJECT = "Talentjourney"  # the demo project whose claims are submitted and certified
REQUESTED_BY = "auditor"  # auditors download funding reports
STEP_TIMEOUT = 900  # seconds any one child process may take
WORKER_READY_TIMEOUT = 60  # seconds a Celery worker may take to start
WORKER_STOP_TIMEOUT = 60  # seconds a worker may take to finish its warm shutdown
POLL_SECONDS = 0.5

Result = dict[str, Any]


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


# --- Children: the steps that run inside Django or WeasyPrint ----------------------------------------


def _memory_kib() -> dict[str, int]:
    """Current and peak resident memory of this process (Linux, KiB).

    ``VmHWM`` rather than ``getrusage().ru_maxrss``: after ``fork``/``vfork`` + ``exec`` Linux carries
    the parent's peak over into the child's ``ru_maxrss``, while ``VmHWM`` belongs to this process's
    own address space.
    """
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {"rss_kib": int(fields["VmRSS"].split()[0]), "peak_kib": int(fields["VmHWM"].split()[0])}


def _django() -> None:
    import django

    django.setup()


# Descriptions the way partners write them: Slovenian lines paid in EUR, Polish ones in PLN.
SLOVENIAN_LINES = (
    ("staff", "Delo mentorjev v študentskem podjetniškem inkubatorju, {month:%m/%Y}"),
    ("staff", "Priprava učnih gradiv za poklicno usmerjanje – {n}. sklop"),
    ("travel", "Dnevnice za študijski obisk v Šoštanju in Žalcu, {n} udeležencev"),
    ("equipment", "Računalniška oprema za učilnico mehatronike (kos št. {n})"),
    ("external_expertise", "Zunanja evalvacija delavnice »Moj poklic – moja prihodnost«"),
    ("other", "Tisk zloženk in plakatov za karierni sejem v Celju"),
)
SLOVENIAN_LINES_PAID_IN_POLAND = (("travel", "Nočitev v Jelenji Gori: študijski obisk, {n} oseb"),)
POLISH_LINES = (
    ("staff", "Wynagrodzenie nauczycieli zawodu za {month:%m/%Y}: zajęcia praktyczne"),
    ("travel", "Przejazd uczniów na staż do Velenja: bilety kolejowe, {n} osób"),
    ("travel", "Nocleg uczestników wizyty studyjnej w Żywcu i Łodzi"),
    ("equipment", "Zakup lutownic i mierników dla pracowni elektronicznej ({n} szt.)"),
    ("external_expertise", "Usługa doradcy zawodowego: badanie potrzeb pracodawców"),
    ("other", "Materiały szkoleniowe i wydruki ankiet dla uczniów, zestaw {n}"),
)


def _declared_lines_top_up(*, lines: int) -> int:
    """Add expense lines to the project's submitted and certified claims until ``lines`` are declared.

    Bulk-created for speed, but priced like a submitted claim: each line's converted amount, rate and
    basis come from ``projects.conversion`` with the claim's own submission date and the programme's
    rule, as ``claim_freeze_rates`` sets them. A fixed seed makes the data the same on every run.
    """
    from django.utils import timezone

    from projects import selectors
    from projects.conversion import RateBook, convert, rate_months
    from projects.models import Expense, PartnerClaim, Project

    project = Project.objects.get(acronym=PROJECT)
    programme = project.programme
    claims = list(
        PartnerClaim.objects.filter(
            partner__project=project, status__in=[PartnerClaim.Status.SUBMITTED, PartnerClaim.Status.CERTIFIED]
        ).select_related("partner__organisation", "period")
    )
    books = {
        claim.pk: RateBook(
            {"EUR", "PLN", programme.currency},
            rate_months(programme=programme, period=claim.period, submitted_on=timezone.localdate(claim.submitted_at)),
        )
        for claim in claims
    }
    flat_rates = programme.flat_rate_categories  # a query each time it is read
    polish, slovenian, slovenian_in_poland = (
        [line for line in table if line[0] not in flat_rates]
        for table in (POLISH_LINES, SLOVENIAN_LINES, SLOVENIAN_LINES_PAID_IN_POLAND)
    )
    rng = random.Random(SEED)
    new = []
    for number in range(selectors.declared_expense_list(project=project).count() + 1, lines + 1):
        claim = rng.choice(claims)
        period = claim.period
        incurred_on = period.start_date + timedelta(days=rng.randrange((period.end_date - period.start_date).days + 1))
        if claim.partner.organisation.country == "PL":
            choices, currency, invoice = polish, "PLN", f"FV {number}/{incurred_on:%m/%Y}"
        elif rng.random() < 0.1:
            choices, currency, invoice = slovenian_in_poland, "PLN", f"FV {number}/{incurred_on:%m/%Y}"
        else:
            choices, currency, invoice = slovenian, "EUR", f"R-{incurred_on:%Y}-{number:05d}"
        category, description = rng.choice(choices)
        amount = Decimal(rng.randrange(1_200, 240_000) * (4 if currency == "PLN" else 1)).scaleb(-2)
        conversion = convert(
            amount=amount,
            currency=currency,
            target=programme.currency,
            book=books[claim.pk],
            rule=programme.exchange_rate_rule,
        )
        new.append(
            Expense(
                claim=claim,
                category=category,
                description=description.format(month=incurred_on, n=rng.randint(1, 40)),
                amount=amount,
                currency=currency,
                incurred_on=incurred_on,
                invoice_number=invoice,
                converted_amount=conversion.amount,
                exchange_rate=conversion.rate,
                rate_basis=conversion.basis,
            )
        )
    Expense.objects.bulk_create(new, batch_size=1000)
    return selectors.declared_expense_list(project=project).count()


def _funding_reports_request(count: int) -> list[int]:
    """Request ``count`` cumulative funding reports through the service, as the API does."""
    from django.contrib.auth import get_user_model

    from projects.models import Project
    from reporting import services
    from reporting.models import DocumentKind

    project = Project.objects.get(acronym=PROJECT)
    auditor = get_user_model()._default_manager.get(username=REQUESTED_BY)
    return [
        services.document_request(project=project, kind=DocumentKind.FUNDING_REPORT, period=None, actor=auditor).pk
        for _ in range(count)
    ]


def step_prepare(*, lines: int, documents: int) -> Result:
    """Migrate the empty database, load the demo, top up the expense lines, queue ``documents`` jobs.

    With the ``memory://`` broker the render tasks are sent nowhere, so the jobs stay queued for the
    measuring processes.
    """
    _django()
    from django.core.management import call_command

    from projects.demo import load_demo

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    return {
        "project": PROJECT,
        "lines": _declared_lines_top_up(lines=lines),
        "documents": _funding_reports_request(documents),
    }


def step_html(*, document_id: int, directory: str) -> Result:
    """Write the job's HTML and its attachments, exactly as ``document_render`` would make them."""
    _django()
    from django.utils import timezone

    from reporting import figures, services
    from reporting.models import GeneratedDocument

    document = GeneratedDocument.objects.select_related("project", "period", "requested_by").get(pk=document_id)
    report = figures.build(document)
    html = services.document_html(document, report, generated_at=timezone.now())
    out = Path(directory)
    (out / "attachments").mkdir(parents=True)
    (out / "report.html").write_text(html, encoding="utf-8")
    manifest = []
    for item in services.document_attachments(report):
        (out / "attachments" / item.name).write_bytes(item.content)
        manifest.append({"name": item.name, "description": item.description, "size": len(item.content)})
    (out / "attachments.json").write_text(json.dumps(manifest), encoding="utf-8")
    return {"html_bytes": len(html.encode()), "attachments": manifest}


def _stages_timed(stages: dict[str, float]) -> None:
    """Time the steps of ``document_render`` into ``stages``, to show where the time goes.

    Wraps the functions the service looks up at call time, in this process only; a wrapper costs
    microseconds against seconds of rendering.
    """
    from reporting import figures, services

    def timed(module: Any, name: str, stage: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - started

        setattr(module, name, wrapper)

    timed(figures, "build", "figures")
    timed(services, "document_html", "template")
    timed(services, "document_attachments", "attachments")
    timed(services, "render_pdf", "layout and PDF")
    timed(services, "_store", "hash and store")


def step_pipeline(*, document_id: int) -> Result:
    """Time Clusterflow's whole rendering of one queued job: the task's body (start the job, render and
    store it), nothing around it."""
    _django()
    from reporting import services

    stages: dict[str, float] = {}
    _stages_timed(stages)
    before = _memory_kib()
    started, cpu_started = time.perf_counter(), time.process_time()
    token = services.document_start(document_id=document_id)
    document = services.document_render(document_id=document_id, token=token) if token else None
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if document is None:
        raise BenchError(f"Document {document_id} was not queued: nothing was rendered.")
    stages["other (start, job status updates)"] = seconds - sum(stages.values())
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        **_memory_kib(),
        "start_kib": before["rss_kib"],
        "pages": document.pages,
        "size": document.size,
        "stages": stages,
    }


def step_weasyprint(*, html_path: str, attachments_dir: str | None) -> Result:
    """Time WeasyPrint alone on the saved HTML, with the same fetcher and PDF variant (no Django loaded).

    With ``attachments_dir``, the same attachments as Clusterflow's are embedded, built like
    ``reporting.pdf.render_pdf`` builds them.
    """
    from weasyprint import HTML, Attachment

    from reporting.pdf import PDF_VARIANT, STATIC_DIR, LocalFilesFetcher

    html = Path(html_path).read_text(encoding="utf-8")
    options: dict[str, Any] = {}
    if attachments_dir:
        manifest = json.loads((Path(attachments_dir).parent / "attachments.json").read_text(encoding="utf-8"))
        options["attachments"] = [
            Attachment(
                string=(Path(attachments_dir) / item["name"]).read_bytes(),
                name=item["name"],
                description=item["description"],
                relationship="Data",
                url_fetcher=LocalFilesFetcher(),
            )
            for item in manifest
        ]
    pages: list[int] = []
    before = _memory_kib()
    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalFilesFetcher()).write_pdf(
        pdf_variant=PDF_VARIANT,
        finisher=lambda document, _pdf: pages.append(len(document.pages)),  # counts pages at no cost
        **options,
    )
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        **_memory_kib(),
        "start_kib": before["rss_kib"],
        "pages": pages[0],
        "size": len(pdf),
    }


def step_throughput(*, documents: int, timeout: float) -> Result:
    """Request ``documents`` funding reports (sent to the broker on commit) and wait until all finish.

    The rate runs from the first job's ``created_at`` to the last ``finished_at``: both are stamped by
    the database rows, so polling every half second does not blur it.
    """
    _django()
    from django.db.models import Max, Min

    from reporting.models import DocumentStatus, GeneratedDocument

    ids = _funding_reports_request(documents)
    jobs = GeneratedDocument.objects.filter(pk__in=ids)
    deadline = time.monotonic() + timeout
    while jobs.filter(status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]).exists():
        if time.monotonic() > deadline:
            raise BenchError(f"The workers did not finish {documents} documents within {timeout:.0f} s.")
        time.sleep(POLL_SECONDS)
    span = jobs.aggregate(first=Min("created_at"), last=Max("finished_at"))
    failed = list(jobs.filter(status=DocumentStatus.FAILED).values_list("error", flat=True))
    return {
        "documents": documents,
        "failed": len(failed),
        "first_error": failed[0] if failed else "",
        "seconds": (span["last"] - span["first"]).total_seconds(),
        "pages": jobs.aggregate(pages=Max("pages"))["pages"],
    }


STEPS: dict[str, Callable[..., Result]] = {
    "prepare": step_prepare,
    "html": step_html,
    "pipeline": step_pipeline,
    "weasyprint": step_weasyprint,
    "throughput": step_throughput,
}


# --- Parent: environments, processes, the summary ----------------------------------------------------


def _environment(*, database_url: str, media_root: Path, broker_url: str) -> dict[str, str]:
    """The children's environment: production settings (DEBUG off) on throwaway storage, whatever the
    developer's shell exports."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "CACHE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        CELERY_BROKER_URL=broker_url,
        LOG_LEVEL="WARNING",
    )
    return env


def run_step(name: str, env: dict[str, str], **arguments: Any) -> Result:
    """Run one step in a fresh Python process and return what it printed (its last line, as JSON)."""
    command = [sys.executable, str(Path(__file__).resolve()), "_step", name, json.dumps(arguments)]
    try:
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"Step {name} took longer than {STEP_TIMEOUT} s.") from error
    if done.returncode:
        raise BenchError(f"Step {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[Result]) -> Result:
    """The median run by wall time (the lower middle one of an even count, so that its stages add up to
    its time), with the median CPU time and the highest peak RSS of all runs.

    CPU time is the process's own (SQLite runs inside it): other busy processes on the machine change it
    far less than wall time.
    """
    median = sorted(runs, key=lambda run: run["seconds"])[(len(runs) - 1) // 2]
    return {
        **median,
        "cpu_seconds": statistics.median_low(run["cpu_seconds"] for run in runs),
        "peak_kib": max(run["peak_kib"] for run in runs),
    }


def measure_rendering(work: Path, *, lines: int, repeat: int) -> dict[str, Result]:
    """Measurement A on a SQLite file in ``work``: (a) the pipeline, (b) WeasyPrint alone, (c) with attachments."""
    env = _environment(
        database_url=f"sqlite:///{work / 'bench.sqlite3'}", media_root=work / "media", broker_url="memory://"
    )
    prepared = run_step("prepare", env, lines=lines, documents=repeat + 1)
    print(f"  dataset: {prepared['project']}, {prepared['lines']:,} declared expense lines", flush=True)
    html_job, *pipeline_jobs = prepared["documents"]
    saved = run_step("html", env, document_id=html_job, directory=str(work / "html"))
    html, attachments = str(work / "html" / "report.html"), str(work / "html" / "attachments")
    measurements: dict[str, Callable[[int], Result]] = {
        "pipeline": lambda index: run_step("pipeline", env, document_id=pipeline_jobs[index]),
        "weasyprint": lambda index: run_step("weasyprint", env, html_path=html, attachments_dir=None),
        "weasyprint_attachments": lambda index: run_step(
            "weasyprint", env, html_path=html, attachments_dir=attachments
        ),
    }
    runs: dict[str, list[Result]] = {name: [] for name in measurements}
    for index in range(repeat):  # interleaved: a busier minute of the machine weighs on all three alike
        for name, measure in measurements.items():
            runs[name].append(measure(index))
            run = runs[name][-1]
            print(f"  {name} {index + 1}: {run['seconds']:.2f} s ({run['cpu_seconds']:.2f} s CPU)", flush=True)
    return {**{name: _median(measured) for name, measured in runs.items()}, "dataset": {**prepared, **saved}}


def _services_answer(postgres_url: str, redis_url: str) -> str:
    """Why measurement B cannot run here, or "" when PostgreSQL and Redis both answer."""
    import psycopg
    import redis

    try:
        psycopg.connect(postgres_url, connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL at {postgres_url} does not answer ({error})."
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis at {redis_url} does not answer ({error})."
    return ""


@contextmanager
def _postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the benchmark, dropped afterwards whatever happened."""
    import psycopg
    from psycopg import sql

    name = f"clusterflow_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _redis_purge(redis_url: str) -> None:
    """Empty the benchmark's own Redis database: no task of an earlier run may reach the workers."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()


@contextmanager
def _celery_worker(env: dict[str, str], *, processes: int, log: Path) -> Iterator[None]:
    """A Celery worker with ``processes`` prefork processes, ready to consume; stopped on leaving, always.

    Stopping is a warm shutdown (SIGTERM, wait); a worker that does not stop in time is killed with its
    pool (it runs in a session of its own, so the group is exactly this worker).
    """
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "config",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(processes),
        "--loglevel",
        "INFO",
        "--hostname",
        f"bench{processes}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("w") as output:
        worker = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while " ready." not in log.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"The Celery worker did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(POLL_SECONDS)
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def measure_throughput(work: Path, *, postgres_url: str, redis_url: str, lines: int, documents: int) -> list[Result]:
    """Measurement B: documents per minute with one worker process, then two, on PostgreSQL and Redis."""
    results = []
    with _postgres_database(postgres_url) as database_url:
        env = _environment(database_url=database_url, media_root=work / "media-throughput", broker_url=redis_url)
        _redis_purge(redis_url)
        try:
            prepared = run_step("prepare", env, lines=lines, documents=0)
            print(f"  dataset: {prepared['project']}, {prepared['lines']:,} declared expense lines", flush=True)
            for processes in (1, 2):
                with _celery_worker(env, processes=processes, log=work / f"worker-{processes}.log"):
                    result = run_step("throughput", env, documents=documents, timeout=STEP_TIMEOUT - 60)
                _redis_purge(redis_url)
                result["processes"] = processes
                result["per_minute"] = 60 * result["documents"] / result["seconds"]
                print(f"  --concurrency {processes}: {result['per_minute']:.1f} documents/minute", flush=True)
                results.append(result)
        finally:
            _redis_purge(redis_url)
    return results


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    os_name = platform.freedesktop_os_release().get("PRETTY_NAME", platform.platform())
    from importlib.metadata import version

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kib / 2**20:.1f} GiB, {os_name}, "
        f"Python {platform.python_version()}, WeasyPrint {version('weasyprint')}"
    )


def revision() -> str:
    """The commit measured and a fingerprint of the uncommitted changes, to notice edits during a run."""

    def git(*arguments: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True, text=True).stdout

    commit, changes = git("rev-parse", "--short", "HEAD").strip(), git("status", "--porcelain") + git("diff", "HEAD")
    fingerprint = hashlib.sha256(changes.encode()).hexdigest()[:8]
    return f"{commit or 'unknown'}{f' with uncommitted changes ({fingerprint})' if changes else ''}"


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}"


def rendering_summary(rendering: dict[str, Result], *, repeat: int) -> list[str]:
    dataset = rendering["dataset"]
    pipeline, bare, attached = rendering["pipeline"], rendering["weasyprint"], rendering["weasyprint_attachments"]
    ratio = pipeline["seconds"] / bare["seconds"]
    own = sum(seconds for stage, seconds in pipeline["stages"].items() if stage != "layout and PDF")
    rows = [
        ("(a) Clusterflow `document_render`", pipeline),
        ("(b) WeasyPrint alone, same HTML", bare),
        ("(c) WeasyPrint, same HTML and attachments", attached),
    ]
    attachments = ", ".join(f"{item['name']} {item['size'] / 1024:,.0f} KiB" for item in dataset["attachments"])
    return [
        f"A. {dataset['project']} cumulative funding report, {dataset['lines']:,} declared expense lines "
        f"(HTML {dataset['html_bytes'] / 2**20:.1f} MiB; attachments {attachments}), SQLite. "
        f"{repeat} fresh process(es) per measurement: the median wall and CPU time, the highest peak RSS.",
        "",
        "| measurement | wall time (s) | CPU time (s) | peak RSS (MiB) | RSS before render (MiB) | pages | PDF (KiB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {label} | {result['seconds']:.2f} | {result['cpu_seconds']:.2f} | {_mib(result['peak_kib'])} "
            f"| {_mib(result['start_kib'])} "
            f"| {result['pages']} | {result['size'] / 1024:,.0f} |"
            for label, result in rows
        ),
        "",
        f"(a)/(b) = {ratio:.2f}: {'meets' if ratio <= 1.10 else 'misses'} the goal of ≤ 1.10 "
        f"(CPU time: {pipeline['cpu_seconds'] / bare['cpu_seconds']:.2f}). "
        f"(a)/(c) = {pipeline['seconds'] / attached['seconds']:.2f} "
        f"(CPU time: {pipeline['cpu_seconds'] / attached['cpu_seconds']:.2f}).",
        "Where (a)'s time goes: "
        + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in pipeline["stages"].items())
        + f". Clusterflow's own steps (all but WeasyPrint's layout and PDF) take {own:.2f} s, "
        f"{100 * own / pipeline['seconds']:.1f} % of (a).",
    ]


def throughput_summary(throughput: list[Result]) -> list[str]:
    return [
        f"B. Throughput on PostgreSQL and Redis: {throughput[0]['documents']} cumulative funding reports per run "
        f"({throughput[0]['pages']} pages each), from the first request to the last document done.",
        "",
        "| worker | documents | failed | seconds | documents/minute |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| `--concurrency {result['processes']} --pool prefork` | {result['documents']} | {result['failed']} "
            f"| {result['seconds']:.1f} | {result['per_minute']:.1f} |"
            for result in throughput
        ),
        *(f"A document failed: {result['first_error']}" for result in throughput if result["failed"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000, help="declared expense lines of the measured report")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per measurement of A")
    parser.add_argument("--documents", type=int, default=20, help="documents requested per throughput run")
    parser.add_argument("--throughput-lines", type=int, default=500, help="expense lines of each throughput document")
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="server to create the throwaway database on",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/15", help="a Redis database of the benchmark's own (it is emptied)"
    )
    options = parser.parse_args()
    started, load, measured = time.monotonic(), os.getloadavg()[0], revision()
    with tempfile.TemporaryDirectory(prefix="clusterflow-bench-") as directory:
        work = Path(directory)
        print("A. Rendering", flush=True)
        rendering = measure_rendering(work, lines=options.lines, repeat=options.repeat)
        print("B. Throughput", flush=True)
        unavailable = _services_answer(options.postgres, options.redis)
        throughput = None
        if not unavailable:
            throughput = measure_throughput(
                work,
                postgres_url=options.postgres,
                redis_url=options.redis,
                lines=options.throughput_lines,
                documents=options.documents,
            )
    lines = ["", "Summary", f"Machine: {machine()}", f"Code: {measured}; load average at the start: {load:.2f}."]
    if revision() != measured:
        lines.append("Warning: the code changed while the benchmark ran; the figures may mix two versions.")
    lines += ["", *rendering_summary(rendering, repeat=options.repeat), ""]
    lines += throughput_summary(throughput) if throughput else [f"B. Throughput skipped: {unavailable}"]
    lines += ["", f"The benchmark took {(time.monotonic() - started) / 60:.1f} minutes."]
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1:2] == ["_step"]:
        print(json.dumps(STEPS[sys.argv[2]](**json.loads(sys.argv[3]))))
    else:
        try:
            main()
        except BenchError as error:
            sys.exit(f"Benchmark failed: {error}")
