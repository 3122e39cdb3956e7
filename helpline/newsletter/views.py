from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from helpline.newsletter import actions
from helpline.newsletter.forms import SignUpForm
from helpline.newsletter.models import Subscriber, SubscriberStatus


@require_http_methods(["POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST)
    if not form.is_valid():
        return render(request, "public/get_involved.html", {"form": form}, status=400)
    actions.do_sign_up(form.cleaned_data["email"], translation.get_language() or "en")
    return render(request, "newsletter/check_inbox.html", {"email": form.cleaned_data["email"]})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "GET":
        exists = Subscriber.objects.filter(token=token).exclude(
            status=SubscriberStatus.UNSUBSCRIBED
        )
        status = 200 if exists.exists() else 404
        return render(request, "newsletter/confirm.html", {"valid": status == 200}, status=status)
    subscriber = actions.do_confirm(token)
    if subscriber is None:
        return render(request, "newsletter/confirm.html", {"valid": False}, status=404)
    return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        valid = Subscriber.objects.filter(token=token).exists()
        return render(
            request, "newsletter/unsubscribe.html", {"valid": valid}, status=200 if valid else 404
        )
    subscriber = actions.do_unsubscribe(token)
    if subscriber is None:
        return render(request, "newsletter/unsubscribe.html", {"valid": False}, status=404)
    return render(request, "newsletter/unsubscribed.html", {})
