"""The vocabulary of the ward's documents, in one place: document types and
their codes, issuing bodies and their codes, the level of an issuing body,
the ward's own name, abbreviations and units -- as written and as said.

One table per idea; every direction is derived from it: a type code gives
the type's name ("CT" → "Chỉ thị") and the name its code and spoken form
("chỉ thị"); an issuer code gives the body's name ("TTg" → "Thủ tướng Chính
phủ") and how the announcer says it. The search analysis (document numbers),
the loudspeaker verbaliser, the citation finder, posters, the site settings
and the importer all read these tables and nothing else.

No Django, so it imports from anywhere. Names are matched in any spelling
through `search.spelling` (folding, tone placement), the layer of pure text
mechanics below this module: tone placement is implemented once there
(`unify_tone_marks`, the traditional "ủy, hòa, khóa"), not here, because
`search.analysis` builds its document-number grammar from these tables and so
this module must not import the analysis.
"""

import re
from dataclasses import dataclass

from search.spelling.folding import fold

# --- Document types ----------------------------------------------------------


@dataclass(frozen=True)
class DocumentType:
    """A type of document: its name as printed, the codes that stand for it
    in a symbol (the first is the one printed; others are other spellings)."""

    name: str
    codes: tuple[str, ...] = ()
    #: An editor may file a directive of this type (`DOC_TYPES`).
    published: bool = True

    @property
    def code(self) -> str | None:
        return self.codes[0] if self.codes else None

    @property
    def spoken(self) -> str:
        """As the announcer says it: "chỉ thị"."""
        return self.name.lower()


#: Nghị định 30/2020/NĐ-CP, Quy định 66-QĐ/TW: the types and their codes.
#: The published ones come first, in the order the admin offers them (the
#: order of `DirectivePage.doc_type`'s choices, which migrations record).
#: "TT" is Thông tư; the Party's Thông tri is written out.
DOCUMENT_TYPES = (
    DocumentType("Chỉ thị", ("CT",)),
    DocumentType("Nghị quyết", ("NQ",)),
    DocumentType("Nghị định", ("NĐ", "ND")),
    DocumentType("Quyết định", ("QĐ", "QD")),
    DocumentType("Kế hoạch", ("KH",)),
    DocumentType("Thông tư", ("TT",)),
    DocumentType("Hướng dẫn", ("HD",)),
    DocumentType("Công văn", ("CV",)),
    DocumentType("Kết luận", ("KL",)),
    DocumentType("Quy định", ("QĐi", "QyĐ")),
    DocumentType("Quy chế", ("QC",)),
    DocumentType("Luật"),
    DocumentType("Pháp lệnh"),
    DocumentType("Thông báo", ("TB",)),
    DocumentType("Thông tri"),
    DocumentType("Công điện", ("CĐ",)),
    DocumentType("Chương trình", ("CTr",)),
    DocumentType("Đề án", ("ĐA",)),
    DocumentType("Báo cáo", ("BC",)),
    # Cited and read on air, not filed as directives on the portal.
    DocumentType("Nghị quyết liên tịch", ("NQLT",), published=False),
    DocumentType("Thông tư liên tịch", ("TTLT",), published=False),
    DocumentType("Tờ trình", ("TTr",), published=False),
    DocumentType("Phương án", ("PA",), published=False),
    DocumentType("Biên bản", ("BB",), published=False),
    DocumentType("Giấy mời", ("GM",), published=False),
    DocumentType("Hợp đồng", ("HĐ",), published=False),
)

#: The types a directive may have, as stored and shown: "Chỉ thị", …
DOC_TYPES = [t.name for t in DOCUMENT_TYPES if t.published]
#: Every type name, published or not.
DOCUMENT_TYPE_NAMES = [t.name for t in DOCUMENT_TYPES]
#: Code → type name: "CT" → "Chỉ thị", "ND" → "Nghị định".
TYPE_CODES = {code: t.name for t in DOCUMENT_TYPES for code in t.codes}
#: Code → spoken type: "CT" → "chỉ thị".
SYMBOL_TYPES = {code: t.spoken for t in DOCUMENT_TYPES for code in t.codes}
_TYPES_BY_FOLDED_NAME = {fold(t.name): t for t in DOCUMENT_TYPES}


def document_type(name: str) -> DocumentType | None:
    """The type called `name` in any case, accents or tone placement
    ("chi thi", "CHỈ THỊ" → Chỉ thị), or None."""
    return _TYPES_BY_FOLDED_NAME.get(fold(name or ""))


def doc_type_choice(value: str) -> str | None:
    """The canonical spelling of a type a directive may have, whatever its
    case or accents ("chi thi" → "Chỉ thị"); None for any other text."""
    found = document_type(value)
    return found.name if found and found.published else None


def type_code(name: str) -> str | None:
    """The code printed for the type called `name`: "Chỉ thị" → "CT"."""
    found = document_type(name)
    return found.code if found else None


# --- Issuers -------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """An issuer code of a symbol and the body it stands for."""

    code: str
    #: As written: "Thủ tướng Chính phủ".
    name: str
    #: False when the code names a kind of body, not one body: "UBND" (of
    #: which ward?), "TU" (Thành ủy or Tỉnh ủy).
    one_body: bool = True
    #: As said, when it is not the name in lower case.
    said: str = ""

    @property
    def spoken(self) -> str:
        return self.said or self.name.lower()


ISSUERS = (
    Issuer("TW", "Trung ương", one_body=False),
    Issuer("TƯ", "Trung ương", one_body=False),
    Issuer("TU", "Thành ủy", one_body=False),
    Issuer("TTg", "Thủ tướng Chính phủ"),
    Issuer("CP", "Chính phủ"),
    Issuer("UBND", "Ủy ban nhân dân", one_body=False),
    Issuer("HĐND", "Hội đồng nhân dân", one_body=False),
    Issuer("BTC", "Bộ Tài chính"),
    Issuer("VPTW", "Văn phòng Trung ương Đảng", said="văn phòng trung ương"),
    Issuer("VPCP", "Văn phòng Chính phủ"),
    Issuer("BCT", "Bộ Chính trị"),
    Issuer("BBT", "Ban Bí thư"),
    Issuer("BCH", "Ban Chấp hành", one_body=False),
    Issuer("BTV", "Ban Thường vụ", one_body=False),
    Issuer("QU", "Quận ủy", one_body=False),
    Issuer("HU", "Huyện ủy", one_body=False),
    Issuer("ĐU", "Đảng ủy", one_body=False),
    Issuer("DU", "Đảng ủy", one_body=False),
    Issuer("ĐUK", "Đảng ủy khối", one_body=False),
    Issuer("MTTQ", "Mặt trận Tổ quốc", one_body=False),
    Issuer("BTGTW", "Ban Tuyên giáo Trung ương"),
    Issuer("BDVTW", "Ban Dân vận Trung ương"),
    Issuer("BTCTW", "Ban Tổ chức Trung ương"),
    Issuer("UBKTTW", "Ủy ban Kiểm tra Trung ương"),
    Issuer("UBKT", "Ủy ban Kiểm tra", one_body=False),
    Issuer("QH", "Quốc hội"),
    Issuer("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    Issuer("BCA", "Bộ Công an"),
    Issuer("BNV", "Bộ Nội vụ"),
    Issuer("BYT", "Bộ Y tế"),
    Issuer("BTP", "Bộ Tư pháp"),
    Issuer("BXD", "Bộ Xây dựng"),
    Issuer("BQP", "Bộ Quốc phòng"),
    Issuer("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    Issuer("BTNMT", "Bộ Tài nguyên và Môi trường"),
    Issuer("BTTTT", "Bộ Thông tin và Truyền thông"),
    Issuer("BGTVT", "Bộ Giao thông vận tải"),
    Issuer("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    Issuer("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    Issuer("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    Issuer("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    Issuer("NHNN", "Ngân hàng Nhà nước"),
    Issuer("TTCP", "Thanh tra Chính phủ"),
    Issuer("BCĐ", "Ban Chỉ đạo", one_body=False),
    Issuer("VP", "Văn phòng", one_body=False),
    Issuer("CAP", "Công an phường", one_body=False),
)
# In state documents (number/TYPE-ISSUER) BCT is the Ministry of Industry and
# Trade; in Party documents (number-TYPE/ISSUER) it is the Politburo.
STATE_STYLE_ISSUERS = (Issuer("BCT", "Bộ Công Thương"),)

_ISSUERS = {i.code: i for i in ISSUERS}
_STATE_ISSUERS = {i.code: i for i in STATE_STYLE_ISSUERS}

#: Code → spoken issuer, Party style: "TU" → "thành ủy".
SYMBOL_ISSUERS = {i.code: i.spoken for i in ISSUERS}
#: The codes that are said differently in state style (number/TYPE-ISSUER).
STATE_ISSUERS = {i.code: i.spoken for i in STATE_STYLE_ISSUERS}


def issuer(code: str, *, state_style: bool = False) -> Issuer | None:
    """The issuer `code` stands for; `state_style` when the symbol is written
    number/TYPE-ISSUER ("12/QĐ-BCT": Bộ Công Thương, not Bộ Chính trị)."""
    if state_style and code in _STATE_ISSUERS:
        return _STATE_ISSUERS[code]
    return _ISSUERS.get(code)


def issuer_name(code: str, *, state_style: bool = False) -> str | None:
    """The written name of the one body `code` stands for ("TTg" → "Thủ
    tướng Chính phủ"), None when the code names no single body ("UBND")."""
    found = issuer(code, state_style=state_style)
    return found.name if found and found.one_body else None


#: Codes printed in mixed case by convention ("TTg", "CTr"), by their upper
#: case; every other code is printed upper case.
MIXED_CASE_CODES = {
    code.upper(): code for code in [*TYPE_CODES, *_ISSUERS] if code != code.upper()
}

# --- Levels of issuing bodies and the ward's name ------------------------------

CENTRAL, PROVINCE, DISTRICT, WARD = "central", "province", "district", "ward"

#: The words that place a body at a level, most local level first. A body's
#: level is the most local one its name mentions ("Đảng ủy phường Hải Châu,
#: quận Hải Châu" is a ward's); a longer phrase wins over the word inside it
#: ("thị xã" is a district, not a "xã").
LEVEL_WORDS = (
    (WARD, ("phường", "xã", "thị trấn", "đặc khu")),
    (DISTRICT, ("quận", "huyện", "thị xã", "quận ủy", "huyện ủy", "thị ủy")),
    (PROVINCE, ("tỉnh", "thành phố", "tỉnh ủy", "thành ủy")),
)
_LEVEL_OF = {fold(word): level for level, words in LEVEL_WORDS for word in words}
_LEVEL_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted(map(re.escape, _LEVEL_OF), key=len, reverse=True))
    + r")\b"
)
_LOCAL_FIRST = [level for level, _words in LEVEL_WORDS]


def issuer_level(name: str) -> str:
    """The level of the body called `name`: `WARD`, `DISTRICT`, `PROVINCE`,
    or `CENTRAL` when its name names no place ("Bộ Y tế"). In any spelling:
    "UBND thi xa Son Tay" is a district."""
    found = {_LEVEL_OF[m.group()] for m in _LEVEL_RE.finditer(fold(name))}
    return next((level for level in _LOCAL_FIRST if level in found), CENTRAL)


#: The units a ward-level People's Committee governs, as written in a name.
WARD_UNITS = ("phường", "xã", "thị trấn", "đặc khu")


@dataclass(frozen=True)
class WardName:
    """The ward's name split into its unit and its place: "Xã Hòa Châu" is
    ("xã", "Hòa Châu"); a bare "Hải Châu" is a phường."""

    unit: str
    place: str

    @property
    def in_sentence(self) -> str:
        """“xã Hòa Châu”: the unit word in lower case, inside a sentence."""
        return f"{self.unit} {self.place}"

    @property
    def committee(self) -> str:
        """“Ủy ban nhân dân xã Hòa Châu”: the ward's People's Committee."""
        return f"Ủy ban nhân dân {self.in_sentence}"


def ward_name(name: str) -> WardName:
    """Split the ward's name as an editor writes it ("Phường Hải Châu",
    "Xã Hòa Châu", "Thị trấn Hòa Vang", or "Hải Châu" alone)."""
    name = " ".join(name.split())
    for unit in sorted(WARD_UNITS, key=len, reverse=True):
        if name.lower().startswith(unit + " "):
            return WardName(unit, name[len(unit) + 1 :])
    return WardName("phường", name)


# --- Abbreviations and units, as the announcer reads them ----------------------

ABBREVIATIONS = {
    # Loanword acronyms are read as Vietnamese syllables, as on national radio.
    "COVID": "cô-vít",
    "Covid": "cô-vít",
    "SARS-CoV": "sa-cô-vi",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "MTTQ": "mặt trận tổ quốc",
    "MTTQVN": "mặt trận tổ quốc Việt Nam",
    "UBMTTQ": "ủy ban mặt trận tổ quốc",
    "UBMTTQVN": "ủy ban mặt trận tổ quốc Việt Nam",
    "CBCC": "cán bộ, công chức",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CBCNVC": "cán bộ, công nhân viên chức",
    "TTHC": "thủ tục hành chính",
    "QSDĐ": "quyền sử dụng đất",
    "GCNQSDĐ": "giấy chứng nhận quyền sử dụng đất",
    "GCN": "giấy chứng nhận",
    "TP.": "thành phố",
    "TP": "thành phố",
    "TX.": "thị xã",
    "TT.": "thị trấn",
    "TPHCM": "thành phố Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "TDP": "tổ dân phố",
    "KDC": "khu dân cư",
    "PCCC": "phòng cháy, chữa cháy",
    "PCCC&CNCH": "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "CNCH": "cứu nạn, cứu hộ",
    "ATGT": "an toàn giao thông",
    "TNGT": "tai nạn giao thông",
    "ANTT": "an ninh trật tự",
    "ATTP": "an toàn thực phẩm",
    "VSMT": "vệ sinh môi trường",
    "VSATTP": "vệ sinh an toàn thực phẩm",
    "CAND": "công an nhân dân",
    "CAP": "công an phường",
    "CAQ": "công an quận",
    "BCH": "ban chấp hành",
    "BTV": "ban thường vụ",
    "BCĐ": "ban chỉ đạo",
    "BQL": "ban quản lý",
    "TW": "trung ương",
    "TƯ": "trung ương",
    "UBKT": "ủy ban kiểm tra",
    "HĐTĐKT": "hội đồng thi đua, khen thưởng",
    "TĐKT": "thi đua, khen thưởng",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "CNTT": "công nghệ thông tin",
    "CCHC": "cải cách hành chính",
    "VNĐ": "đồng",
    "VND": "đồng",
    "USD": "đô la Mỹ",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "HTX": "hợp tác xã",
    "XHCN": "xã hội chủ nghĩa",
    "CHXHCN": "cộng hòa xã hội chủ nghĩa",
    "KT-XH": "kinh tế - xã hội",
    "ĐBQH": "đại biểu quốc hội",
    "HĐND-UBND": "hội đồng nhân dân - ủy ban nhân dân",
    "ĐTN": "đoàn thanh niên",
    "HLHPN": "hội liên hiệp phụ nữ",
    "LHPN": "liên hiệp phụ nữ",
    "HCCB": "hội cựu chiến binh",
    "CCB": "cựu chiến binh",
    "HND": "hội nông dân",
    "DQTV": "dân quân tự vệ",
    "BCHQS": "ban chỉ huy quân sự",
    "NVQS": "nghĩa vụ quân sự",
    "GPMB": "giải phóng mặt bằng",
    "VPHC": "vi phạm hành chính",
    "CMND": "chứng minh nhân dân",
    "CCCD": "căn cước công dân",
    "SĐT": "số điện thoại",
    "ĐVT": "đơn vị tính",
    "STT": "số thứ tự",
    "GD&ĐT": "giáo dục và đào tạo",
    "TTg": "thủ tướng",
    "PCT": "phó chủ tịch",
    "NĐ": "nghị định",
    "NQ": "nghị quyết",
    "QĐ": "quyết định",
    "VN": "Việt Nam",
}

UNITS = {
    "%": "phần trăm",
    "km/h": "ki lô mét trên giờ",
    "km²": "ki lô mét vuông",
    "km2": "ki lô mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "km": "ki lô mét",
    "cm": "xen ti mét",
    "mm": "mi li mét",
    "m": "mét",
    "ha": "héc ta",
    "kg": "ki lô gam",
    "ml": "mi li lít",
    "kWh": "ki lô oát giờ",
    "kW": "ki lô oát",
    "MW": "mê ga oát",
    "°C": "độ C",
    "VNĐ": "đồng",
    "VND": "đồng",
    "vnđ": "đồng",
    "vnd": "đồng",
    "đ": "đồng",
    "USD": "đô la Mỹ",
    "h": "giờ",
}
