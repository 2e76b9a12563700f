"""schema.org JSON-LD: what search engines and previews read about a page.

Each page type answers for itself with `json_ld(request)` (a dict, or None
for no structured data); `StructuredDataMixin.get_context` puts its JSON in
the page's `<head>` (templates/base.html). The helpers here describe the
ward as an organisation and a place, the same on every page.
"""

from __future__ import annotations

import json


def json_ld_text(data: dict) -> str:
    """`data` as the JSON of a <script type="application/ld+json">: "<"
    escaped, so that no text in it can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def organisation(ward, url: str = "") -> dict:
    """The ward's People's Committee as a schema.org GovernmentOrganization."""
    data = {"@type": "GovernmentOrganization"}
    if ward is None:
        return data
    data["name"] = ward.committee_name
    if url:
        data["url"] = url
    if ward.address:
        data["address"] = ward.address
    if ward.hotline:
        data["telephone"] = ward.hotline
    if ward.email:
        data["email"] = ward.email
    return data


def home_url(page, request=None) -> str:
    """The address of the home page of the site that serves `page`."""
    site = page.get_site()
    return site.root_page.specific.get_full_url(request) if site else ""


def area(ward) -> dict:
    """The ward as the place a notice concerns."""
    if ward is None:
        return {"@type": "AdministrativeArea", "addressCountry": "VN"}
    name = ", ".join(part for part in (ward.ward_name, ward.locality) if part)
    return {"@type": "AdministrativeArea", "name": name, "addressCountry": "VN"}


class StructuredDataMixin:
    """Pages with structured data: `json_ld(request)` goes into the context
    as `json_ld` (escaped JSON text), which base.html writes in `<head>`."""

    def json_ld(self, request=None) -> dict | None:
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        data = self.json_ld(request)
        if data:
            context["json_ld"] = json_ld_text(data)
        return context
