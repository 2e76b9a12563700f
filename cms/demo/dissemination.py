"""The demo ward's loudspeaker zones, posting places, its week of
broadcasts, and a month of what was aired and posted, so the programme,
the logs and the dissemination report have something to show. Written for
this project; the places are invented."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from directives.models import (
    AiredRecord,
    BroadcastSlot,
    DirectivePage,
    LoudspeakerZone,
    NoticePage,
    PlaceKind,
    PostingPlace,
    PostingRecord,
    Priority,
    Repeat,
    ResidentialGroup,
)

GROUPS = [f"Tổ {n}" for n in range(1, 13)]

# name, location, the tổ dân phố it covers
ZONES = [
    ("Cụm loa số 1 – chợ Hàn", "Cột đèn đầu đường Trần Phú", GROUPS[0:4]),
    ("Cụm loa số 2 – nhà văn hóa tổ 7", "Kiệt 41 Lê Lợi", GROUPS[4:8]),
    ("Cụm loa số 3 – bờ sông", "Đường Bạch Đằng, trước công viên", GROUPS[8:12]),
]

# name, kind, tổ dân phố (None: the whole ward), address
PLACES = [
    ("Bảng tin trụ sở UBND phường", PlaceKind.OFFICE, None, "270 Trần Phú"),
    (
        "Nhà văn hóa tổ dân phố 3",
        PlaceKind.COMMUNITY_HOUSE,
        "Tổ 3",
        "K12 Phan Chu Trinh",
    ),
    ("Nhà văn hóa tổ dân phố 7", PlaceKind.COMMUNITY_HOUSE, "Tổ 7", "Kiệt 41 Lê Lợi"),
    ("Bảng tin khu dân cư tổ 10", PlaceKind.BOARD, "Tổ 10", "Đầu kiệt 88 Bạch Đằng"),
    ("Bảng tin cổng chợ Hàn", PlaceKind.MARKET, None, "Cổng chính chợ Hàn"),
]


def create_demo_dissemination() -> None:
    """Zones, places, the week's programme and a month of logs, once."""
    if LoudspeakerZone.objects.exists():
        return
    groups = {name: ResidentialGroup.objects.create(name=name) for name in GROUPS}
    zones = []
    for order, (name, location, covered) in enumerate(ZONES):
        zone = LoudspeakerZone.objects.create(
            name=name, location=location, sort_order=order
        )
        zone.groups.set(groups[g] for g in covered)
        zones.append(zone)
    places = [
        PostingPlace.objects.create(
            name=name, kind=kind, group=groups.get(group), address=address
        )
        for name, kind, group, address in PLACES
    ]
    create_week(zones)
    create_month_of_logs(zones, places)


def create_week(zones) -> None:
    """This week: notices every morning at 06:30 on every zone, directives
    on Tuesday and Friday evenings zone by zone, one notice repeated at
    noon on workdays."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    sunday = monday + datetime.timedelta(days=6)
    # The first ward's (the library's directives through its copies).
    site = Site.objects.get(is_default_site=True)
    notices = list(NoticePage.objects.current().in_site(site).order_by("pk")[:3])
    directives = list(
        DirectivePage.objects.live()
        .in_site(site)
        .filter(status="in_force")
        .order_by("-signed_on")[:2]
    )
    for offset, notice in enumerate(notices):
        last = min(sunday, notice.valid_until or sunday)
        first = monday + datetime.timedelta(days=offset)
        if first > last:
            continue
        BroadcastSlot.objects.create(
            day=first,
            time=datetime.time(6, 30),
            page=notice,
            sort_order=offset,
            repeat=Repeat.DAILY if first < last else Repeat.NONE,
            repeat_until=last if first < last else None,
        )
    if notices:
        BroadcastSlot.objects.create(
            day=monday,
            time=datetime.time(11, 0),
            page=notices[0],
            priority=Priority.HIGH,
            repeat=Repeat.WORKDAYS,
            repeat_until=min(sunday, notices[0].valid_until or sunday),
            note="Nhắc lại vào giờ trưa cho bà con đi làm về.",
        )
    for offset in (1, 4):  # Tuesday and Friday evenings
        for index, zone in enumerate(zones):
            if not directives:
                break
            BroadcastSlot.objects.create(
                day=monday + datetime.timedelta(days=offset),
                time=datetime.time(17, 0 + 15 * index),
                zone=zone,
                page=directives[(offset + index) % len(directives)],
                note="Đọc chậm phần tóm tắt, nhắc lại hai lần.",
            )


def create_month_of_logs(zones, places) -> None:
    """The past month of Chỉ thị 29-CT/TU and the notices carrying it out:
    airings on each zone, posters at the ward's places, one expired notice
    still up (the dashboard flags it)."""
    site = Site.objects.get(is_default_site=True)
    directive = (
        DirectivePage.objects.live().in_site(site).filter(number="29-CT/TU").first()
    )
    if directive is None:
        return
    announcer = get_user_model().objects.filter(username="bientap").first()
    carried_out_by = list(
        NoticePage.objects.live()
        .filter(Q(directives=directive) | Q(campaign__directives=directive))
        .distinct()
        .order_by("pk")
    )
    today = timezone.localdate()
    pages = [directive, *carried_out_by]
    for days_ago in (26, 19, 12, 5):
        for index, zone in enumerate(zones):
            page = pages[(days_ago + index) % len(pages)]
            aired = datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago),
                datetime.time(17, 0 + 15 * index),
                tzinfo=timezone.get_current_timezone(),
            )
            AiredRecord.objects.create(
                page=page,
                zone=zone,
                aired_at=aired,
                duration_s=150 + 15 * index,
                recorded_by=announcer,
            )
    for index, place in enumerate(places):
        PostingRecord.objects.create(
            page=directive,
            place=place,
            posted_on=today - datetime.timedelta(days=20 - index),
            copies=2 if place.kind == PlaceKind.OFFICE else 1,
            posted_by=announcer,
        )
    expired = (
        NoticePage.objects.live().filter(valid_until__lt=today).order_by("pk").first()
    )
    if expired:
        PostingRecord.objects.create(
            page=expired,
            place=places[1],
            posted_on=expired.published_on,
            posted_by=announcer,
            note="Chưa gỡ sau khi hết hạn.",
        )
