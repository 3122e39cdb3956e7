"""Canned responses for the specialist console, in English and Spanish.

The helpline's own list lives in the ``CannedResponse`` table (``helpline.chat.models``); while
that table is empty, the console offers this starter list so a new installation is usable at
once. As soon as one row is stored, the table replaces the whole starter list.
"""

from __future__ import annotations

from typing import TypedDict

from helpline.chat.models import CannedResponse


class Canned(TypedDict):
    title: str
    language: str
    body: str


DEFAULTS: list[Canned] = [
    {
        "title": "Greeting",
        "language": "en",
        "body": "Hello, I'm a cancer information specialist. Thank you for reaching out. "
        "How can I help you today?",
    },
    {
        "title": "One moment",
        "language": "en",
        "body": "Thank you for waiting. I'm looking this up for you now; it will take a moment.",
    },
    {
        "title": "Talk to your doctor",
        "language": "en",
        "body": "I can share general information, but your own care team knows your situation "
        "best. Please go over this question with your doctor or nurse.",
    },
    {
        "title": "Phone line",
        "language": "en",
        "body": "If you would like to talk, our phone line is open 24 hours a day, 7 days a week.",
    },
    {
        "title": "Closing",
        "language": "en",
        "body": "Thank you for chatting with us. You can come back any time you have more "
        "questions. Take care.",
    },
    {
        "title": "Saludo",
        "language": "es",
        "body": "Hola, soy especialista en información sobre el cáncer. Gracias por escribirnos. "
        "¿En qué puedo ayudarle hoy?",
    },
    {
        "title": "Un momento",
        "language": "es",
        "body": "Gracias por esperar. Estoy buscando esta información para usted; tardaré un "
        "momento.",
    },
    {
        "title": "Hable con su médico",
        "language": "es",
        "body": "Puedo darle información general, pero su equipo médico conoce mejor su "
        "situación. Por favor, consulte esta pregunta con su médico o enfermera.",
    },
    {
        "title": "Línea telefónica",
        "language": "es",
        "body": "Si prefiere hablar, nuestra línea telefónica está abierta las 24 horas, los 7 "
        "días de la semana.",
    },
    {
        "title": "Despedida",
        "language": "es",
        "body": "Gracias por chatear con nosotros. Puede volver cuando tenga más preguntas. "
        "Cuídese.",
    },
]


def canned_responses() -> list[Canned]:
    """The stored canned responses, or the starter list while none are stored."""
    stored: list[Canned] = [
        {"title": c.title, "language": c.language, "body": c.body}
        for c in CannedResponse.objects.all()
    ]
    return stored or list(DEFAULTS)
