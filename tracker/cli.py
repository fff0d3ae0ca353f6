"""The `tracker` command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from tracker.backup.cli import app as backup_app
from tracker.config import get_settings
from tracker.geo.cli import geocode_command
from tracker.reports.cli import export_command, import_command
from tracker.vocab import Role

app = typer.Typer(
    help="tracker: humanitarian aid logistics for Ukrainian communities and partner cities.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(backup_app, name="backup")
app.command("geocode")(geocode_command)
app.command("export")(export_command)
app.command("import")(import_command)

console = Console()
err = Console(stderr=True)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Upgrade the database at DATABASE_URL to the latest schema (or REVISION)."""
    from tracker.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url, revision)
    console.print(f"[green]Database is at {revision}[/green] ({_safe_url(settings.database_url)})")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, 'base' for empty")],
) -> None:
    """Downgrade the database at DATABASE_URL to REVISION ('base' drops every table)."""
    from tracker.migrate import downgrade

    downgrade(get_settings().database_url, revision)
    console.print(f"Database downgraded to {revision}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes", min=1)] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    uvicorn.run(
        "tracker.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
    )


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="Deliver what is due, then stop")] = False,
) -> None:
    """Deliver notifications (e-mails, webhooks) from the outbox until stopped.

    Run it beside `tracker serve` started with TRACKER_WORKER=external; several may run at
    once against PostgreSQL.
    """
    import logging
    import signal
    import threading

    from tracker.db import make_engine
    from tracker.notifications.worker import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = get_settings()
    engine = make_engine(settings.database_url)
    runner = Worker(engine, settings)
    try:
        if once:
            console.print(f"Checked and delivered: {runner.checks() + runner.deliver()}")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            runner.run(stop)
        except KeyboardInterrupt:
            pass
    finally:
        engine.dispose()


@app.command()
def demo() -> None:
    """Load the demo world drawn from the seed articles. Running it twice changes nothing."""
    from tracker.demo import load_demo

    result = load_demo(get_settings())
    if result.created:
        console.print("[green]Demo world loaded.[/green] Sign in with these accounts:")
        for email, role, password in result.accounts:
            console.print(f"  {role:<12} {email:<32} password: [bold]{password}[/bold]")
        console.print("These passwords are shown only now.")
    else:
        console.print("The demo world is already loaded; nothing changed.")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Argument(help="The user's e-mail, used to sign in")],
    role: Annotated[Role, typer.Option(help="admin, coordinator, community or partner")],
    org: Annotated[
        int | None, typer.Option("--org", help="Organization id (required for community/partner)")
    ] = None,
    full_name: Annotated[str, typer.Option(help="The person's name")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Create a user account. The password is read from standard input, never from arguments."""
    from pydantic import ValidationError
    from sqlmodel import Session

    from tracker.auth.models import UserCreate
    from tracker.auth.service import create_user
    from tracker.db import make_engine
    from tracker.errors import DomainError

    if not password_stdin:
        err.print("Pass --password-stdin and type or pipe the password.")
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        data = UserCreate(
            email=email, password=password, role=role, organization_id=org, full_name=full_name
        )
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"])
            err.print(f"[red]{field}: {error['msg']}[/red]")
        raise typer.Exit(1) from exc
    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = create_user(session, data)
    except DomainError as exc:
        err.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    console.print(f"Created user {user.id}: {user.email} ({user.role})")


def _set_active(email: str, active: bool) -> None:
    from sqlmodel import Session

    from tracker.auth.service import set_active
    from tracker.db import make_engine
    from tracker.errors import DomainError

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = set_active(session, email, active)
    except DomainError as exc:
        err.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    if active:
        console.print(f"Enabled user {user.id}: {user.email}")
    else:
        console.print(
            f"Disabled user {user.id}: {user.email}. Its sessions and tokens ended at once."
        )


@users_app.command("disable")
def users_disable(
    email: Annotated[str, typer.Argument(help="The e-mail of the account to disable")],
) -> None:
    """Disable an account: it can no longer sign in, and its tokens and sessions stop working."""
    _set_active(email, False)


@users_app.command("enable")
def users_enable(
    email: Annotated[str, typer.Argument(help="The e-mail of the account to enable again")],
) -> None:
    """Enable a disabled account again."""
    _set_active(email, True)


@users_app.command("reset")
def users_reset(
    email: Annotated[str, typer.Argument(help="The e-mail of the account")],
) -> None:
    """Print a one-time link (valid 1 hour) to set a new password; no e-mail is sent."""
    from sqlmodel import Session

    from tracker.accounts.service import reset_link
    from tracker.db import make_engine
    from tracker.errors import DomainError

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            link = reset_link(session, email, settings.base_url)
    except DomainError as exc:
        err.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    print(link)


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    app()
