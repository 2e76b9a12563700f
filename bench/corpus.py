"""Deterministic synthetic corpus for benchmarks, in the import format.

Writes JSON Lines accepted by `manage.py import_documents` (see
/work/shared/INTERFACES.md): directives first, then notices and articles that
cite directive numbers from the same file. The same seed and sizes always give
byte-identical output, so a benchmark database can be keyed by its size.

    python bench/corpus.py --directives 20000 --notices 5000 --articles 5000 \
        --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

# --- Issuing bodies --------------------------------------------------------

# (name, issuer code, family). The family decides the shape of the number:
#   party  -> 45-CT/TU             (number-type/issuer)
#   admin  -> 123/CT-UBND          (number/type-issuer)
#   legal  -> 12/2021/NĐ-CP        (number/year/type-issuer), for normative acts
ISSUERS: list[tuple[str, str, str]] = [
    ("Ban Chấp hành Trung ương Đảng", "TW", "party"),
    ("Bộ Chính trị", "TW", "party"),
    ("Ban Bí thư Trung ương Đảng", "TW", "party"),
    ("Ban Thường vụ Thành ủy Đà Nẵng", "TU", "party"),
    ("Ban Thường vụ Thành ủy Hà Nội", "TU", "party"),
    ("Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh", "TU", "party"),
    ("Ban Thường vụ Tỉnh ủy Quảng Nam", "TU", "party"),
    ("Ban Thường vụ Tỉnh ủy Thừa Thiên Huế", "TU", "party"),
    ("Ban Thường vụ Quận ủy Hải Châu", "QU", "party"),
    ("Ban Thường vụ Quận ủy Thanh Khê", "QU", "party"),
    ("Đảng ủy phường Hải Châu", "ĐU", "party"),
    ("Đảng ủy phường Thạch Thang", "ĐU", "party"),
    ("Chính phủ", "CP", "legal"),
    ("Thủ tướng Chính phủ", "TTg", "admin"),
    ("Bộ Công an", "BCA", "legal"),
    ("Bộ Y tế", "BYT", "legal"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", "legal"),
    ("Bộ Tài nguyên và Môi trường", "BTNMT", "legal"),
    ("Bộ Xây dựng", "BXD", "legal"),
    ("Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH", "legal"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", "legal"),
    ("Bộ Nội vụ", "BNV", "legal"),
    ("Bộ Tư pháp", "BTP", "legal"),
    ("Bộ Thông tin và Truyền thông", "BTTTT", "legal"),
    ("Hội đồng nhân dân thành phố Đà Nẵng", "HĐND", "legal"),
    ("Hội đồng nhân dân tỉnh Quảng Nam", "HĐND", "legal"),
    ("Ủy ban nhân dân thành phố Đà Nẵng", "UBND", "admin"),
    ("Ủy ban nhân dân thành phố Hà Nội", "UBND", "admin"),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND", "admin"),
    ("Ủy ban nhân dân tỉnh Quảng Nam", "UBND", "admin"),
    ("Ủy ban nhân dân tỉnh Thừa Thiên Huế", "UBND", "admin"),
    ("Ủy ban nhân dân quận Hải Châu", "UBND", "admin"),
    ("Ủy ban nhân dân quận Thanh Khê", "UBND", "admin"),
    ("Ủy ban nhân dân quận Sơn Trà", "UBND", "admin"),
    ("Ủy ban nhân dân phường Hải Châu", "UBND", "admin"),
    ("Ủy ban nhân dân phường Thạch Thang", "UBND", "admin"),
    ("Ủy ban nhân dân phường Phước Ninh", "UBND", "admin"),
    ("Sở Y tế thành phố Đà Nẵng", "SYT", "admin"),
    ("Sở Tài nguyên và Môi trường thành phố Đà Nẵng", "STNMT", "admin"),
    ("Công an thành phố Đà Nẵng", "CAĐN", "admin"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam phường Hải Châu", "MTTQ", "admin"),
]

# Document types each family issues, with their type code and a weight.
# Công văn has no type code: its number is 1234/UBND-VX (issuer-department).
FAMILY_TYPES: dict[str, list[tuple[str, str, int]]] = {
    "party": [
        ("Chỉ thị", "CT", 5),
        ("Nghị quyết", "NQ", 5),
        ("Kết luận", "KL", 3),
        ("Kế hoạch", "KH", 4),
        ("Quy định", "QĐi", 2),
        ("Thông tri", "TT", 1),
        ("Hướng dẫn", "HD", 2),
        ("Chương trình", "CTr", 2),
        ("Thông báo", "TB", 2),
    ],
    "admin": [
        ("Chỉ thị", "CT", 4),
        ("Quyết định", "QĐ", 6),
        ("Kế hoạch", "KH", 7),
        ("Công văn", "", 8),
        ("Công điện", "CĐ", 1),
        ("Hướng dẫn", "HD", 2),
        ("Thông báo", "TB", 3),
        ("Báo cáo", "BC", 2),
        ("Đề án", "ĐA", 1),
    ],
    "legal": [
        ("Nghị định", "NĐ", 4),
        ("Thông tư", "TT", 4),
        ("Nghị quyết", "NQ", 4),
        ("Quyết định", "QĐ", 3),
        ("Hướng dẫn", "HD", 1),
    ],
}
# Only these government issuers sign decrees; ministries sign circulars.
LEGAL_TYPES_BY_CODE = {
    "CP": {"Nghị định", "Nghị quyết"},
    "HĐND": {"Nghị quyết"},
}
LEGAL_DEFAULT = {"Thông tư", "Quyết định", "Hướng dẫn"}
DEPARTMENTS = ["VX", "KT", "NC", "ĐTĐT", "TH", "QLĐT", "VP", "TCKH", "VHXH", "KTHT"]

# --- Vocabulary ------------------------------------------------------------

TOPICS = [
    "tăng cường công tác phòng cháy, chữa cháy tại khu dân cư",
    "đẩy mạnh cải cách hành chính, nâng cao chỉ số hài lòng của người dân",
    "tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước",
    "bảo đảm trật tự, an toàn giao thông và chống ùn tắc giao thông",
    "phòng, chống dịch bệnh sốt xuất huyết trên địa bàn",
    "thu gom, phân loại rác thải sinh hoạt tại nguồn",
    "giữ gìn vệ sinh môi trường, xây dựng đô thị văn minh",
    "quản lý trật tự xây dựng và trật tự đô thị",
    "phòng, chống tác hại của thuốc lá",
    "đẩy mạnh chuyển đổi số và cung cấp dịch vụ công trực tuyến",
    "triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và "
    "xác thực điện tử",
    "phòng, chống thiên tai, tìm kiếm cứu nạn mùa mưa bão",
    "bảo đảm an ninh trật tự dịp Tết Nguyên đán",
    "thực hành tiết kiệm, chống lãng phí",
    "phòng, chống tham nhũng, tiêu cực",
    "xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    "thực hiện nếp sống văn minh trong việc cưới, việc tang và lễ hội",
    "tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
    "chăm sóc người có công với cách mạng và bảo đảm an sinh xã hội",
    "phổ biến, giáo dục pháp luật cho nhân dân",
    "quản lý, sử dụng vỉa hè, lòng đường",
    "phòng, chống đuối nước ở trẻ em",
    "bảo đảm an toàn thực phẩm tại các cơ sở kinh doanh dịch vụ ăn uống",
    "tiêm chủng mở rộng cho trẻ em dưới 5 tuổi",
    "phát triển bảo hiểm y tế toàn dân",
    "bảo vệ, chăm sóc trẻ em và bình đẳng giới",
    "quản lý cư trú và cấp căn cước cho công dân",
    "phòng, chống ma túy trong cộng đồng",
    "phòng ngừa, xử lý tình trạng tín dụng đen",
    "chỉnh trang đô thị, trồng và chăm sóc cây xanh",
    "sắp xếp, tổ chức lại đơn vị hành chính cấp xã",
    "tuyển chọn và gọi công dân nhập ngũ",
    "tổ chức kỳ thi tốt nghiệp trung học phổ thông",
    "phát triển kinh tế tập thể và hộ kinh doanh",
    "xây dựng khu dân cư an toàn về an ninh trật tự",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác dân vận của chính quyền các cấp",
    "bảo đảm an toàn thông tin mạng",
    "phòng, chống bạo lực gia đình",
    "thực hiện dân chủ ở cơ sở",
]

ACTORS = [
    "Các sở, ban, ngành",
    "Ủy ban nhân dân các quận, huyện",
    "Ủy ban nhân dân các phường, xã",
    "Công an phường",
    "Ban Chỉ huy Quân sự phường",
    "Ủy ban Mặt trận Tổ quốc Việt Nam phường",
    "Các đoàn thể chính trị - xã hội",
    "Trưởng tổ dân phố",
    "Bộ phận tiếp nhận và trả kết quả",
    "Trạm Y tế phường",
    "Các trường học trên địa bàn",
    "Hội Liên hiệp Phụ nữ phường",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường",
    "Hội Cựu chiến binh phường",
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - Xã hội",
    "Người đứng đầu cơ quan, đơn vị",
    "Cán bộ, công chức, viên chức",
]

VERBS = [
    "tổ chức quán triệt",
    "chủ động triển khai",
    "tăng cường kiểm tra, giám sát",
    "tuyên truyền sâu rộng",
    "phối hợp chặt chẽ trong việc",
    "rà soát, thống kê",
    "xây dựng kế hoạch cụ thể để",
    "kịp thời phát hiện, xử lý",
    "hướng dẫn người dân",
    "vận động các hộ gia đình",
    "định kỳ báo cáo kết quả",
    "bố trí nguồn lực để",
]

OBJECTS = [
    "các nội dung của văn bản này",
    "các quy định về phòng cháy, chữa cháy",
    "thủ tục hành chính theo hướng đơn giản, công khai, minh bạch",
    "các điểm có nguy cơ mất an toàn",
    "việc chấp hành quy định của pháp luật",
    "các trường hợp vi phạm",
    "các hộ gia đình có hoàn cảnh khó khăn",
    "tình hình thực hiện tại địa phương",
    "hồ sơ trực tuyến trên Cổng dịch vụ công",
    "phong trào thi đua yêu nước",
    "những mô hình hay, cách làm hiệu quả",
    "các tuyến đường, tổ dân phố trọng điểm",
    "trách nhiệm của người đứng đầu",
    "kinh phí thực hiện theo quy định",
]

PURPOSES = [
    "nhằm nâng cao nhận thức và ý thức chấp hành của nhân dân",
    "bảo đảm hoàn thành các chỉ tiêu đề ra",
    "góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội",
    "tạo chuyển biến rõ nét trong năm",
    "không để xảy ra tình trạng nhũng nhiễu, gây phiền hà",
    "bảo đảm an toàn tính mạng và tài sản của nhân dân",
    "phục vụ người dân và doanh nghiệp ngày càng tốt hơn",
    "gắn với phong trào xây dựng nếp sống văn minh đô thị",
    "kịp thời tháo gỡ khó khăn, vướng mắc phát sinh",
    "làm căn cứ đánh giá, xếp loại thi đua cuối năm",
]

OPENINGS = [
    "Thời gian qua, công tác {topic} trên địa bàn đã đạt được nhiều kết quả "
    "tích cực; tuy nhiên vẫn còn một số hạn chế, bất cập cần được khắc phục.",
    "Nhằm tiếp tục {topic}, {issuer} yêu cầu các cơ quan, đơn vị, địa phương "
    "thực hiện nghiêm các nội dung sau đây.",
    "Thực hiện chủ trương của cấp trên về {topic}, để kịp thời chấn chỉnh "
    "những tồn tại trong thời gian qua, {issuer} chỉ đạo như sau.",
    "Căn cứ tình hình thực tế tại địa phương và yêu cầu nhiệm vụ trong giai "
    "đoạn mới, {issuer} ban hành văn bản này về {topic}.",
]

CLOSINGS = [
    "Văn bản này được phổ biến đến từng cán bộ, đảng viên và nhân dân. Trong "
    "quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo "
    "cáo để xem xét, giải quyết.",
    "Giao Văn phòng theo dõi, đôn đốc, kiểm tra việc thực hiện và định kỳ sáu "
    "tháng, hằng năm tổng hợp, báo cáo kết quả.",
    "Yêu cầu thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện; "
    "kết quả thực hiện là một trong những tiêu chí đánh giá thi đua, khen "
    "thưởng hằng năm.",
    "Văn bản có hiệu lực kể từ ngày ký. Các quy định trước đây trái với văn "
    "bản này đều bãi bỏ.",
]

SUMMARY_LEADS = [
    "Yêu cầu",
    "Chỉ đạo",
    "Hướng dẫn",
    "Giao nhiệm vụ cho",
    "Đề nghị",
]

WARDS = ["Hải Châu", "Thạch Thang", "Phước Ninh", "Bình Hiên", "Hòa Cường"]
STREETS = [
    "Bạch Đằng",
    "Trần Phú",
    "Lê Duẩn",
    "Hùng Vương",
    "Nguyễn Văn Linh",
    "Phan Châu Trinh",
    "Ông Ích Khiêm",
    "Hoàng Diệu",
]
NOTICE_SUBJECTS = [
    "lịch tiếp công dân của Chủ tịch Ủy ban nhân dân phường",
    "tạm ngừng cung cấp điện để bảo trì lưới điện",
    "tổ chức phun hóa chất diệt muỗi phòng, chống sốt xuất huyết",
    "thu gom rác thải cồng kềnh",
    "lịch tiêm chủng mở rộng cho trẻ em",
    "đăng ký khám tuyển nghĩa vụ quân sự",
    "niêm yết công khai danh sách hộ nghèo, hộ cận nghèo",
    "lấy ý kiến nhân dân về dự thảo văn bản",
    "tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
    "ra quân tổng vệ sinh môi trường",
    "kiểm tra an toàn phòng cháy tại nhà ở kết hợp kinh doanh",
    "cấp căn cước lưu động cho người cao tuổi",
    "phân luồng giao thông phục vụ lễ hội",
    "chi trả trợ cấp xã hội hằng tháng",
    "tuyển dụng cộng tác viên dân số",
    "họp dân về chỉnh trang vỉa hè",
    "diễn tập phương án chữa cháy và cứu nạn, cứu hộ",
    "thu tiền sử dụng đất và các khoản phí, lệ phí",
]
AUDIENCES = [
    "Toàn phường",
    "Các hộ gia đình, cá nhân trên địa bàn",
    "Hộ kinh doanh trên đường {street}",
    "Tổ dân phố {n}",
    "Thanh niên trong độ tuổi nhập ngũ",
    "Người cao tuổi và người khuyết tật",
]
POSTED_AT = [
    "Bảng tin trụ sở Ủy ban nhân dân phường",
    "Nhà văn hóa tổ dân phố {n}",
    "Bộ phận tiếp nhận và trả kết quả",
    "Bảng tin trụ sở UBND phường và nhà văn hóa các tổ dân phố",
]
ARTICLE_PATTERNS = [
    "Phường {ward} triển khai {topic}",
    "Kết quả bước đầu trong {topic} tại phường {ward}",
    "Tổ dân phố {n} đi đầu trong {topic}",
    "Hội nghị sơ kết công tác {topic}",
    "Ra quân hưởng ứng {topic}",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Quốc", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Tâm", "Tuấn"]

START = datetime.date(2010, 1, 1)
END = datetime.date(2026, 10, 31)  # corpus dates end before the machine's "today"


def lower_first(text: str) -> str:
    """“Công an phường” -> “công an phường”, leaving proper names alone."""
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Ref:
    """What later documents need to cite a directive."""

    doc_type: str
    number: str
    issuer: str
    signed_on: datetime.date


class Generator:
    def __init__(self, seed: int = 20261121):
        self.rnd = random.Random(seed)
        self.serial: dict[tuple[str, int], int] = {}  # (issuer, year) -> last no.
        self.refs: list[Ref] = []
        self.titles: set[tuple[str, str]] = set()

    # Helpers ---------------------------------------------------------------

    def pick(self, seq):
        return self.rnd.choice(seq)

    def date_between(self, start: datetime.date, end: datetime.date):
        return start + datetime.timedelta(self.rnd.randint(0, (end - start).days))

    def person(self) -> str:
        return f"{self.pick(SURNAMES)} {self.pick(MIDDLE)} {self.pick(GIVEN)}"

    def fill(self, template: str, **extra) -> str:
        values = {
            "ward": self.pick(WARDS),
            "street": self.pick(STREETS),
            "n": self.rnd.randint(1, 45),
        }
        values.update(extra)
        return template.format(**values)

    def sentence(self) -> str:
        return (
            f"{self.pick(ACTORS)} {self.pick(VERBS)} {self.pick(OBJECTS)}, "
            f"{self.pick(PURPOSES)}."
        )

    def body(self, topic: str, issuer: str, cite: Ref | None) -> str:
        """150-800 words: an opening, numbered tasks, a closing."""
        target = self.rnd.randint(150, 800)
        paragraphs = [self.pick(OPENINGS).format(topic=topic, issuer=issuer)]
        if cite:
            paragraphs[0] += (
                f" Văn bản này cụ thể hóa {cite.doc_type} số {cite.number} ngày "
                f"{cite.signed_on:%d/%m/%Y} của {cite.issuer}."
            )
        words = len(paragraphs[0].split())
        closing = self.pick(CLOSINGS)
        closing_words = len(closing.split())
        item = 1
        while words + closing_words < target:
            count = self.rnd.randint(2, 5)
            text = f"{item}. " + " ".join(self.sentence() for _ in range(count))
            if words + len(text.split()) + closing_words > 800 and item > 1:
                break  # keep within the 800-word ceiling
            paragraphs.append(text)
            words += len(text.split())
            item += 1
        paragraphs.append(closing)
        return "\n\n".join(paragraphs)

    # Directives ------------------------------------------------------------

    def number(self, family: str, type_code: str, issuer_code: str, year: int, n):
        if family == "party":
            return f"{n:02d}-{type_code}/{issuer_code}"
        if family == "legal":
            return f"{n}/{year}/{type_code}-{issuer_code}"
        if not type_code:  # Công văn
            return f"{n}/{issuer_code}-{self.pick(DEPARTMENTS)}"
        return f"{n}/{type_code}-{issuer_code}"

    def doc_type_for(self, family: str, issuer_code: str) -> tuple[str, str]:
        types = FAMILY_TYPES[family]
        if family == "legal":
            allowed = LEGAL_TYPES_BY_CODE.get(issuer_code, LEGAL_DEFAULT)
            types = [t for t in types if t[0] in allowed]
        name, code, _ = self.rnd.choices(types, weights=[t[2] for t in types])[0]
        return name, code

    def directive(self) -> dict:
        issuer, issuer_code, family = self.pick(ISSUERS)
        doc_type, type_code = self.doc_type_for(family, issuer_code)
        signed_on = self.date_between(START, END)
        # Numbers grow through the year and never repeat for one issuer and
        # year: that is the import's identity (issuer, number, year).
        key = (issuer, signed_on.year)
        serial = self.serial.get(key, 0) + self.rnd.randint(1, 9)
        self.serial[key] = serial
        number = self.number(family, type_code, issuer_code, signed_on.year, serial)

        topic = self.pick(TOPICS)
        cite = None
        earlier = [r for r in self.refs[-200:] if r.signed_on < signed_on]
        if doc_type in ("Kế hoạch", "Hướng dẫn", "Công văn") and earlier:
            cite = self.pick(earlier)
            title = (
                f"Thực hiện {cite.doc_type} số {cite.number} ngày "
                f"{cite.signed_on:%d/%m/%Y} của {cite.issuer} về {topic}"
            )
        else:
            title = f"Về {topic}"
            if self.rnd.random() < 0.3:
                title += f" năm {signed_on.year}"
        summary = (
            f"{self.pick(SUMMARY_LEADS)} {lower_first(self.pick(ACTORS))} "
            f"{self.pick(VERBS)} {self.pick(OBJECTS)}; {self.pick(PURPOSES)}."
        )
        age = (END - signed_on).days / 365
        roll = self.rnd.random()
        status = "in_force"
        if roll < min(0.6, age * 0.05):
            status = "expired"
        elif roll < min(0.7, age * 0.06):
            status = "replaced"
        doc = {
            "kind": "directive",
            "doc_type": doc_type,
            "number": number,
            "issuer": issuer,
            "signed_on": signed_on.isoformat(),
            "title": title,
            "summary": summary,
            "body": self.body(topic, issuer, cite),
            "status": status,
        }
        if self.rnd.random() < 0.5:
            doc["signer"] = self.person()
        self.refs.append(Ref(doc_type, number, issuer, signed_on))
        return doc

    # Notices and articles --------------------------------------------------

    def cited(self, published_on: datetime.date) -> list[Ref]:
        count = self.rnd.choices([0, 1, 2, 3], weights=[2, 5, 2, 1])[0]
        picked = []
        for _ in range(count * 3):  # bounded retries for an earlier directive
            ref = self.pick(self.refs)
            if ref.signed_on <= published_on and ref not in picked:
                picked.append(ref)
            if len(picked) == count:
                break
        return picked

    def unique_title(self, kind: str, title: str, published_on: datetime.date):
        # Identity of a notice or article is (title, published_on).
        n = 2
        base = title
        while (title, published_on.isoformat()) in self.titles:
            title, n = f"{base} (lần {n})", n + 1
        self.titles.add((title, published_on.isoformat()))
        return title

    def dated_body(self, lead: str, cites: list[Ref]) -> str:
        target = self.rnd.randint(80, 400)
        paragraphs = [lead]
        if cites:
            names = "; ".join(
                f"{c.doc_type} số {c.number} của {c.issuer}" for c in cites
            )
            paragraphs.append(f"Căn cứ {names}.")
        words = sum(len(p.split()) for p in paragraphs)
        while words < target:
            text = " ".join(self.sentence() for _ in range(self.rnd.randint(2, 4)))
            paragraphs.append(text)
            words += len(text.split())
        return "\n\n".join(paragraphs)

    def notice(self) -> dict:
        published_on = self.date_between(datetime.date(2015, 1, 1), END)
        subject = self.pick(NOTICE_SUBJECTS)
        title = self.unique_title(
            "notice",
            f"Thông báo về việc {subject}",
            published_on,
        )
        cites = self.cited(published_on)
        lead = (
            f"Ủy ban nhân dân phường {self.pick(WARDS)} thông báo đến toàn thể "
            f"nhân dân về việc {subject}."
        )
        doc = {
            "kind": "notice",
            "title": title,
            "published_on": published_on.isoformat(),
            "body": self.dated_body(lead, cites),
            "directives": [c.number for c in cites],
            "audience": self.fill(self.pick(AUDIENCES)),
            "posted_at": self.fill(self.pick(POSTED_AT)),
        }
        # Most notices expire after days or weeks; a few stand indefinitely.
        if self.rnd.random() < 0.9:
            days = self.rnd.choice([7, 14, 30, 60, 90])
            doc["valid_until"] = (
                published_on + datetime.timedelta(days=days)
            ).isoformat()
        return doc

    def article(self) -> dict:
        published_on = self.date_between(datetime.date(2015, 1, 1), END)
        topic = self.pick(TOPICS)
        title = self.unique_title(
            "article",
            self.fill(self.pick(ARTICLE_PATTERNS), topic=topic),
            published_on,
        )
        cites = self.cited(published_on)
        lead = (
            f"Thời gian qua, phường {self.pick(WARDS)} đã tích cực triển khai "
            f"công tác {topic}, bước đầu đạt nhiều kết quả."
        )
        return {
            "kind": "article",
            "title": title,
            "published_on": published_on.isoformat(),
            "body": self.dated_body(lead, cites),
            "directives": [c.number for c in cites],
            "author": self.person(),
        }


def generate(directives: int, notices: int, articles: int, seed: int = 20261121):
    """Yield documents: all directives first so that citations resolve."""
    gen = Generator(seed)
    for _ in range(directives):
        yield gen.directive()
    if not gen.refs and (notices or articles):
        raise ValueError("notices and articles need at least one directive")
    for _ in range(notices):
        yield gen.notice()
    for _ in range(articles):
        yield gen.article()


def write_corpus(path: Path, directives: int, notices: int, articles: int, seed):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for doc in generate(directives, notices, articles, seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    tmp.replace(path)  # never leave a half-written corpus behind


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directives", type=int, default=20000)
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.directives, args.notices, args.articles, args.seed)
    total = args.directives + args.notices + args.articles
    print(f"wrote {total} documents to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
