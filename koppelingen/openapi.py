"""The OpenAPI 3.1 description of the read API, served at /api/v2/openapi.json.

Written by hand from the endpoints in api.py (Wagtail's API views have no schema of their
own); tests/koppelingen checks it validates and names every endpoint the router serves.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

LISTING_PARAMETERS = [
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20}},
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
    {
        "name": "fields",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Extra velden, komma-gescheiden; `*` voor alle.",
    },
    {"name": "order", "in": "query", "schema": {"type": "string"}},
    {"name": "search", "in": "query", "schema": {"type": "string"}},
]

ENDPOINTS = {
    "pages": (
        "Pagina's",
        "Gepubliceerde pagina's zonder leesbeperking (niets van het meldkanaal).",
    ),
    "nieuws": ("Nieuws", "Nieuwsberichten, nieuwste eerst, met datum en inleiding."),
    "evenementen": (
        "Agenda",
        "Bijeenkomsten (lezingen, trainingen, ambtseed, moreel beraad), vroegste eerst.",
    ),
    "contactpersonen": (
        "Contactpersonen",
        "Vertrouwenspersonen, integriteitscoördinator en meldpunt.",
    ),
    "images": ("Afbeeldingen", "Afbeeldingen met hun titel en afmetingen."),
    "documents": ("Documenten", "Documenten, behalve die in een afgeschermde collectie."),
}

ERRORS = {
    "400": {
        "description": "Onbekende parameter of ongeldige waarde",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
    },
    "401": {
        "description": "Geen of een onbekende sleutel",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
    },
    "403": {
        "description": "Geen toegang",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
    },
    "429": {
        "description": "Te veel vragen; probeer het later opnieuw",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
    },
}


def _paths() -> dict:
    paths = {}
    for name, (title, description) in ENDPOINTS.items():
        paths[f"/api/v2/{name}/"] = {
            "get": {
                "operationId": f"{name}_lijst",
                "summary": title,
                "description": description,
                "parameters": LISTING_PARAMETERS,
                "responses": {
                    "200": {
                        "description": title,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Lijst"}}
                        },
                    },
                    **ERRORS,
                },
            }
        }
        paths[f"/api/v2/{name}/{{id}}/"] = {
            "get": {
                "operationId": f"{name}_item",
                "summary": f"{title}: één item",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "Het item",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}
                        },
                    },
                    "404": {
                        "description": "Bestaat niet of is niet zichtbaar",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}
                        },
                    },
                    **ERRORS,
                },
            }
        }
    return paths


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Integriteitsplein – lees-API",
            "version": "2",
            "description": (
                "Nieuws, contactpersonen, pagina's, afbeeldingen en documenten van het "
                "Integriteitsplein voor andere delen van het intranet. Alleen lezen. Toegang met "
                "de sleutel van een koppeling (aan te maken door de Coördinator) of met een "
                "sessie van een medewerker."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"koppelingssleutel": []}, {"sessie": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "koppelingssleutel": {"type": "http", "scheme": "bearer"},
                "sessie": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
            "schemas": {
                "Meta": {
                    "type": "object",
                    "properties": {"type": {"type": "string"}, "detail_url": {"type": "string"}},
                },
                "Item": {
                    "type": "object",
                    "required": ["id", "meta"],
                    "properties": {
                        "id": {"type": "integer"},
                        "meta": {"$ref": "#/components/schemas/Meta"},
                    },
                    "additionalProperties": True,
                },
                "Lijst": {
                    "type": "object",
                    "required": ["meta", "items"],
                    "properties": {
                        "meta": {
                            "type": "object",
                            "properties": {"total_count": {"type": "integer"}},
                        },
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                    },
                },
                "Fout": {
                    "type": "object",
                    "properties": {"message": {"type": "string"}, "detail": {"type": "string"}},
                },
            },
        },
    }


@require_GET
def openapi_view(request):
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})
