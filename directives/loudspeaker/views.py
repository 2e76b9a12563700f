"""The loudspeaker programme on the portal and for smart-radio systems.

- `/phat-thanh/` (a week) and `/phat-thanh/hom-nay/` (a day, scripts in large
  type; emergencies first). Logged-in staff who keep the aired log get a
  "Đã phát" button under each item: one tap records it.
- `/phat-thanh/lich-in/`: the announcer's printable sheet of a week.
- `/api/phat-thanh/?date=YYYY-MM-DD`: the day as JSON (`&format=m3u`: an M3U
  playlist of its MP3s), live public content only; `POST
  /api/phat-thanh/da-phat/` with a system's key records a slot as aired.
"""

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Site

from cms.feedback.forms import clean_text, page_id
from cms.models import WardSettings
from cms.wards import user_sites
from directives.models import (
    AiredRecord,
    BroadcastSlot,
    LoudspeakerZone,
    RadioSystemKey,
)

from . import programme

LOG_PERMISSION = "directives.add_airedrecord"


def may_log(user, site) -> bool:
    """Whether `user` keeps the aired log of the ward `site`."""
    return (
        user.is_authenticated
        and user.has_perm(LOG_PERMISSION)
        and site is not None
        and site in user_sites(user)
    )


@require_safe
def broadcast_week(request):
    day, notice = programme.requested_day(request.GET.get("tuan"))
    first = programme.week_start(day)
    previous, following = programme.neighbour_weeks(first)
    ward = WardSettings.for_request(request)
    site = Site.find_for_request(request)
    return TemplateResponse(
        request,
        "loudspeaker/week.html",
        {
            "days": programme.programme(first, 7, ward, site=site),
            "first": first,
            "previous": previous,
            "next": following,
            "notice": notice,
            "ward": ward,
        },
    )


@require_safe
def broadcast_sheet(request):
    """The week on one printable page: time, zone, what to read, and room
    for the announcer to tick and sign each broadcast."""
    day, notice = programme.requested_day(request.GET.get("tuan"))
    first = programme.week_start(day)
    ward = WardSettings.for_request(request)
    days = programme.programme(first, 7, ward, site=Site.find_for_request(request))
    return TemplateResponse(
        request,
        "loudspeaker/sheet.html",
        {
            "days": days,
            "count": sum(len(day.items) for day in days),
            "first": first,
            "last": first + datetime.timedelta(days=6),
            "notice": notice,
            "ward": ward,
        },
    )


@require_safe
def broadcast_today(request):
    day, notice = programme.requested_day(request.GET.get("ngay"))
    ward = WardSettings.for_request(request)
    site = Site.find_for_request(request)
    staff = may_log(request.user, site)
    (today,) = programme.programme(day, 1, ward, site=site, with_aired=staff)
    response = TemplateResponse(
        request,
        "loudspeaker/today.html",
        {"day": today, "notice": notice, "may_log": staff, "ward": ward},
    )
    if staff:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def record_aired(request):
    """One tap from the day's page: this slot went out on air now (on this
    ward's site, by its staff)."""
    site = Site.find_for_request(request)
    if not may_log(request.user, site):
        raise PermissionDenied
    slot = get_object_or_404(
        BroadcastSlot.objects.select_related("page"),
        pk=page_id(request.POST.get("slot")),
        site=site,
    )
    day, problem = programme.requested_day(request.POST.get("ngay"))
    ward = WardSettings.for_request(request)
    item, refusal = airable(slot, None if problem else day, ward, site)
    if refusal:
        return HttpResponse(
            refusal, status=400, content_type="text/plain; charset=utf-8"
        )
    record_airing(
        slot,
        day,
        duration_s=round(programme.duration_s(item, ward)),
        recorded_by=request.user,
    )
    url = reverse("broadcast_today")
    return HttpResponseRedirect(f"{url}?ngay={day:%Y-%m-%d}#luot-{slot.pk}")


NOT_THAT_DAY = "Lượt phát này không có trong lịch của ngày đã chọn."
NOT_YET = "Chưa đến ngày của lượt phát này: chỉ ghi được lượt đã phát."
NOT_PUBLIC = "Văn bản của lượt phát này không còn được đăng hoặc đã hết hiệu lực."


def airable(slot, day, ward, site):
    """The programme item of `slot` on `day` and "", or None and why it
    cannot be recorded as aired (in Vietnamese): not on that day, a day to
    come, or a page residents may no longer see (unpublished, private,
    expired)."""
    if day is None or not slot.occurs_on(day):
        return None, NOT_THAT_DAY
    if day > timezone.localdate():
        return None, NOT_YET
    (programme_day,) = programme.programme(day, 1, ward, site=site)
    item = next((i for i in programme_day.items if i.slot.pk == slot.pk), None)
    return (item, "") if item else (None, NOT_PUBLIC)


def record_airing(slot, day, *, zone=None, aired_at=None, **fields):
    """The airing of `slot` on `day` in `zone` (the slot's own by default),
    recorded once: a second report of the same airing, even at the same
    instant from another phone, changes nothing (the model's unique
    constraints). Returns (record, created)."""
    zone_id = zone.pk if zone else slot.zone_id
    same = AiredRecord.objects.filter(slot=slot, slot_day=day, zone_id=zone_id)
    if existing := same.first():
        return existing, False
    try:
        with transaction.atomic():
            record = AiredRecord.objects.create(
                site_id=slot.site_id,
                slot=slot,
                slot_day=day,
                page_id=slot.page_id,
                zone_id=zone_id,
                aired_at=aired_at or timezone.now(),
                **fields,
            )
    except IntegrityError:  # recorded by someone else meanwhile
        return same.get(), False
    return record, True


def _json(data, status=200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


@require_safe
def api_programme(request):
    """A day of the programme for a smart-radio system, or as an M3U."""
    value = request.GET.get("date") or request.GET.get("ngay")
    day, problem = programme.requested_day(value)
    if problem:
        return _error(problem, 400)
    ward = WardSettings.for_request(request)
    site = Site.find_for_request(request)
    (programme_day,) = programme.programme(day, 1, ward, site=site)
    slots = [
        programme.as_json(item, ward, request) for item in _on_air_order(programme_day)
    ]
    if request.GET.get("format") == "m3u":
        lines = ["#EXTM3U"]
        for slot in slots:
            lines.append(
                f"#EXTINF:{round(slot['duration_s'])},{slot['time']} {slot['title']}"
            )
            lines.append(slot["audio"])
        response = HttpResponse(
            "\n".join(lines) + "\n", content_type="audio/x-mpegurl; charset=utf-8"
        )
        name = f"phat-thanh-{day:%Y-%m-%d}.m3u8"  # the UTF-8 M3U
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    return _json({"date": day.isoformat(), "slots": slots})


def _on_air_order(day):
    """Emergencies first (they play now), then the day in time order."""
    return day.emergencies + [i for i in day.items if not i.is_emergency]


def _key(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() in ("bearer", "token") else ""


@csrf_exempt  # a machine with a key, not a browser with a session
@require_POST
def api_aired(request):
    """A smart-radio system reports a slot as aired.

    `Authorization: Bearer <key>`; a JSON body
    `{"slot", "date", "zone"?, "aired_at"?, "duration_s"?, "note"?}`.
    201 with the record, 200 when it was already recorded. A key is its
    ward's: it records only that ward's slots, on that ward's address.
    """
    site = Site.find_for_request(request)
    system = RadioSystemKey.objects.matching(_key(request)).filter(site=site).first()
    if system is None:
        response = _error("Thiếu khóa kết nối hoặc khóa không đúng.", 401)
        response["WWW-Authenticate"] = 'Bearer realm="phat-thanh"'
        return response
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error("Nội dung gửi lên không phải JSON.", 400)
    if not isinstance(data, dict):
        return _error("Nội dung gửi lên phải là một đối tượng JSON.", 400)
    slot_id = data.get("slot")
    if not isinstance(slot_id, int) or isinstance(slot_id, bool):
        return _error("Cần số của lượt phát (slot).", 400)
    slot = BroadcastSlot.objects.filter(pk=slot_id, site=site).first()
    if slot is None:
        return _error("Không có lượt phát này trong lịch.", 404)
    day, problem = programme.requested_day(str(data.get("date") or ""))
    if problem or not data.get("date"):
        return _error("Cần ngày phát dạng YYYY-MM-DD.", 400)
    ward = WardSettings.for_request(request)
    item, refusal = airable(slot, day, ward, site)
    if refusal:
        return _error(refusal, 400)
    zone = None
    if data.get("zone") is not None:
        zone = LoudspeakerZone.objects.filter(
            pk=page_id(data["zone"]), site=site
        ).first()
        if zone is None:
            return _error("Không có cụm loa này.", 400)
        if slot.zone_id and zone.pk != slot.zone_id:
            return _error("Lượt phát này chỉ dành cho cụm loa khác.", 400)
    aired_at = None
    if data.get("aired_at"):
        try:
            aired_at = parse_datetime(str(data["aired_at"]))
        except ValueError:  # well formed, but no such moment (30 February)
            aired_at = None
        if aired_at is None:
            return _error("Giờ phát (aired_at) cần dạng ISO 8601.", 400)
        if timezone.is_naive(aired_at):
            aired_at = timezone.make_aware(aired_at)
        late = abs((timezone.localdate(aired_at) - day).days) > 1
        if late or aired_at > timezone.now() + datetime.timedelta(minutes=10):
            return _error("Giờ phát (aired_at) không khớp với ngày của lượt.", 400)
    duration = data.get("duration_s")
    if duration is not None and (
        isinstance(duration, bool)
        or not isinstance(duration, (int, float))
        or not 0 <= duration <= 6 * 3600
    ):
        return _error("Thời lượng (duration_s) phải là số giây, từ 0 đến 21600.", 400)
    note = data.get("note") or ""
    if not isinstance(note, str):
        return _error("Ghi chú (note) phải là chữ.", 400)
    if duration is None:
        duration = programme.duration_s(item, ward)
    record, created = record_airing(
        slot,
        day,
        zone=zone,
        aired_at=aired_at,
        duration_s=round(duration),
        system=system.name,
        note=" ".join(clean_text(note).split())[:255],
    )
    RadioSystemKey.objects.filter(pk=system.pk).update(last_used_at=timezone.now())
    return _json(
        {
            "id": record.pk,
            "slot": slot.pk,
            "date": day.isoformat(),
            "zone": record.zone_id,
            "aired_at": record.aired_at.isoformat(),
            "duration_s": record.duration_s,
            "created": created,
        },
        status=201 if created else 200,
    )
