"""A mail server for the worker process of the broker tests: it writes each e-mail to a file, but drops
the first two attempts at any e-mail addressed to ``@flaky.example.org`` (counted in files beside them,
so the count survives across the task's retries)."""

from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.filebased import EmailBackend

FLAKY_DOMAIN = "@flaky.example.org"
DROPPED = 2


def attempts_file(mailbox: Path, address: str) -> Path:
    return mailbox / f"attempts-{address}"


class FlakyFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            flaky = [address for address in message.to if address.endswith(FLAKY_DOMAIN)]
            if flaky:
                attempts = attempts_file(Path(self.file_path), flaky[0])
                count = int(attempts.read_text()) + 1 if attempts.exists() else 1
                attempts.write_text(str(count))
                if count <= DROPPED:
                    raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)
