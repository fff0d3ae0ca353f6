"""Settings, read once from the environment (and an optional `.env` file)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="sqlite:///./tracker.db", alias="DATABASE_URL")
    secret_key: str | None = Field(default=None, alias="TRACKER_SECRET_KEY")
    data_dir: Path = Field(default=Path("./data"), alias="TRACKER_DATA_DIR")
    geocoder: Literal["offline", "nominatim"] = Field(default="offline", alias="TRACKER_GEOCODER")
    base_url: str = Field(default="http://127.0.0.1:8000", alias="TRACKER_BASE_URL")
    env: Literal["development", "production", "test"] = Field(
        default="development", alias="TRACKER_ENV"
    )
    token_minutes: int = Field(default=60 * 12, alias="TRACKER_TOKEN_MINUTES", gt=0)
    stuck_after_days: int = Field(default=7, alias="TRACKER_STUCK_AFTER_DAYS", gt=0)
    # E-mail and notifications (tracker/notifications). Without an SMTP URL mail waits in the
    # outbox. `embedded`: `tracker serve` delivers in the background; `external`: `tracker worker`.
    smtp_url: str | None = Field(default=None, alias="TRACKER_SMTP_URL")
    mail_from: str = Field(default="tracker <tracker@localhost>", alias="TRACKER_MAIL_FROM")
    worker: Literal["embedded", "external"] = Field(default="embedded", alias="TRACKER_WORKER")
    # Seconds a worker owns the messages it claimed; after that another worker may retry them.
    worker_lease_seconds: float = Field(default=300, alias="TRACKER_WORKER_LEASE_SECONDS", gt=0)
    # Webhooks may reach only public addresses (tracker.notifications.egress); 1 lifts that rule
    # on a closed network where the receiver is on a private address.
    webhook_allow_private: bool = Field(default=False, alias="TRACKER_WEBHOOK_ALLOW_PRIVATE")
    # Overrides of the matching cost model's weights, as JSON, e.g. '{"twin_bonus": 3000}'
    # (names: tracker.matching.core.Weights; checked by matching when the app starts, since
    # settings import no domain code).
    matching_weights: dict[str, float] = Field(
        default_factory=dict, alias="TRACKER_MATCHING_WEIGHTS"
    )
    # Largest multipart upload accepted (attachments, CSV imports); other bodies: 1 MiB.
    max_upload_mb: int = Field(default=20, alias="TRACKER_MAX_UPLOAD_MB", gt=0, le=1024)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str) -> str:
        # Heroku-style and bare psycopg2 URLs are turned into the psycopg 3 driver we ship.
        if value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgres://")
        elif value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _secret_key_present(self) -> Settings:
        if not self.secret_key:
            if self.env == "production":
                raise SettingsError(
                    "TRACKER_SECRET_KEY is not set. In production it must be a long random "
                    "string (for example the output of `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))'`)."
                )
            self.secret_key = _development_secret(self.data_dir)
        elif self.env == "production" and len(self.secret_key) < 32:
            raise SettingsError("TRACKER_SECRET_KEY must be at least 32 characters in production.")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _development_secret(data_dir: Path) -> str:
    """A random key kept in the data directory, so sessions survive a restart in development."""
    path = data_dir / ".secret_key"
    try:
        if path.exists():
            return path.read_text().strip()
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key
    except OSError:
        return secrets.token_urlsafe(48)


@lru_cache
def get_settings() -> Settings:
    return Settings()
