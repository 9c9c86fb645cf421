"""The sign-in throttle: every attempt counts against the client's address, a failed one also against the
username, from whatever address it comes.

The counters live in the default cache, which the settings make one that every web process shares (Redis, or
the database cache), so three gunicorn workers do not triple the budget. The address is ``REMOTE_ADDR``
unless ``NUM_PROXIES`` says how many proxies of ours append to ``X-Forwarded-For``: a client cannot name its
own address. The username's budget stops guessing spread over many addresses; only failures spend it, so
the user who types the right password is not locked out by their own successful sign-ins.
"""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from rest_framework.throttling import SimpleRateThrottle


class LoginAddressThrottle(SimpleRateThrottle):
    """Sign-in attempts per client address (``LOGIN_THROTTLE_RATE``), successful or not."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(SimpleRateThrottle):
    """Failed sign-ins per username (``LOGIN_THROTTLE_RATE_USERNAME``), from any address.

    ``allow_request`` only looks: the failure itself is recorded by ``record_failed_login``, once
    ``authenticate()`` has refused the password. Once the budget is spent, even the right password waits,
    or a guess that happened to be right would still get through.
    """

    scope = "login_username"

    def get_cache_key(self, request, view):
        return self.key_for(submitted_username(request))

    def key_for(self, username: str | None) -> str | None:
        if not username:
            return None
        # Hashed: any length and any character make a valid cache key. Case-folded: "Office" and "office"
        # are one budget, whatever the user model decides about case.
        ident = hashlib.sha256(username.casefold().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        self.key = self.get_cache_key(request, view)
        if self.rate is None or self.key is None:
            return True
        self.now = self.timer()
        self.history = [moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration]
        return len(self.history) < self.num_requests

    def record_failure(self, username: str | None) -> None:
        key = self.key_for(username)
        if self.rate is None or key is None:
            return
        now = self.timer()
        history = [moment for moment in self.cache.get(key, []) if moment > now - self.duration]
        self.cache.set(key, [now, *history], self.duration)


def submitted_username(request) -> str | None:
    """The username a sign-in request names, from the API's parsed body or a form post (the admin)."""
    data = request.data if hasattr(request, "data") else request.POST
    username = data.get("username") if isinstance(data, dict) else None
    return username if isinstance(username, str) else None


def record_failed_login(*, credentials: dict, **kwargs) -> None:
    """``user_login_failed`` receiver: a refused password spends the username's budget."""
    username = credentials.get("username")
    LoginUsernameThrottle().record_failure(username if isinstance(username, str) else None)


def _too_many_attempts(request: HttpRequest, wait: int) -> HttpResponse:
    return HttpResponse(
        f"<!doctype html><title>Too many sign-in attempts</title><h1>Too many sign-in attempts</h1>"
        f"<p>Try again in {escape(wait)} seconds.</p>",
        status=429,
    )


def throttled_login(
    login_view: Callable[..., HttpResponse],
    too_many: Callable[[HttpRequest, int], HttpResponse] = _too_many_attempts,
) -> Callable[..., HttpResponse]:
    """A session sign-in page (the admin's, the pages') under the same throttle as the API's token endpoint: a
    form post past either budget is answered 429 by ``too_many(request, seconds to wait)``, without checking
    the password."""

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            throttles = [LoginAddressThrottle(), LoginUsernameThrottle()]
            refused = [throttle for throttle in throttles if not throttle.allow_request(request, None)]
            if refused:
                wait = max(round(throttle.wait() or 0) for throttle in refused)
                response = too_many(request, wait)
                response.status_code = 429
                response["Retry-After"] = str(wait)
                return response
        return login_view(request, *args, **kwargs)

    return view
