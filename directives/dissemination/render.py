"""The dissemination report as files: a PDF to sign (WeasyPrint, the official
header of the ward's documents), an XLSX of the figures and their details,
and a DOCX staff can edit before signing.

The PDF and the DOCX say the same thing: both are written from `outline`,
one list of headings, paragraphs and tables. The spreadsheet has the labelled
figures (`Report.figures`) and one sheet per log.
"""

import datetime
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from directives import posters

from .report import WARD_WIDE, Report, join, natural, number

FORMATS = ("pdf", "xlsx", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_LINE = "Số:        /BC-UBND"
SIGNATURE = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
RECIPIENTS = ("Nơi nhận:", "- ..........;", "- Lưu: VT.")
DAY = "DD/MM/YYYY"
MOMENT = "DD/MM/YYYY HH:MM"


def render(report: Report, fmt: str) -> bytes:
    writers = {"pdf": as_pdf, "xlsx": as_xlsx, "docx": as_docx}
    return writers[fmt](report)


# --- What the report says -------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str


@dataclass
class Table:
    headings: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)  # percent
    centred: tuple[int, ...] = (0,)  # columns of numbers and dates


def committee_lines(report: Report) -> list[str]:
    """“ỦY BAN NHÂN DÂN” / “PHƯỜNG HẢI CHÂU”, as the posters set it."""
    if report.ward is None:
        return ["ỦY BAN NHÂN DÂN", "PHƯỜNG"]
    return posters._committee_lines(report.ward)


def dateline(report: Report) -> str:
    """“Hải Châu, ngày 06 tháng 12 năm 2026”."""
    day = report.made_on
    place = posters._place(report.ward) if report.ward else ""
    text = f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"
    return f"{place}, {text}" if place else text.capitalize()


def day(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def numbered(rows: list[list]) -> list[list[str]]:
    return [[str(i), *map(str, row)] for i, row in enumerate(rows, start=1)]


def outline(report: Report) -> list:
    """The body of the PDF and the DOCX, between the title and the signature."""
    blocks: list = []
    add = blocks.append
    fb = report.feedback

    add(Heading("I. VĂN BẢN ĐƯỢC TRIỂN KHAI"))
    if report.campaign is not None:
        c = report.campaign
        when = ""
        if c.starts_on or c.ends_on:
            when = (
                f" (từ ngày {day(c.starts_on) or '…'} đến ngày {day(c.ends_on) or '…'})"
            )
        add(Para(f"Đợt tuyên truyền “{c.title}”{when}." + _sentence(c.summary)))
        if report.directives:
            add(Para("Đợt tuyên truyền thực hiện các văn bản:"))
            for d in report.directives:
                add(Para(f"- {_directive_line(d)}"))
    else:
        d = report.directive
        add(Para(f"{_directive_line(d)}." + _sentence(d.summary)))
        if report.campaigns:
            names = join(f"“{c.title}”" for c in report.campaigns)
            add(Para(f"Các đợt tuyên truyền thực hiện văn bản: {names}."))

    add(Heading("II. KẾT QUẢ TUYÊN TRUYỀN, TRIỂN KHAI"))
    add(Para(f"Kỳ báo cáo: {report.period}."))

    add(Heading("1. Đăng thông báo, tin bài trên Cổng thông tin điện tử", 2))
    add(
        Para(
            f"Đã đăng {len(report.notices)} thông báo và {len(report.articles)} tin "
            f"bài, tổng cộng {len(report.published)} thông báo, tin bài."
        )
    )
    if report.published:
        add(
            Table(
                ["STT", "Ngày đăng", "Loại", "Tiêu đề"],
                numbered(
                    [day(p.published_on), p.kind, p.title] for p in report.published
                ),
                [6, 14, 14, 66],
                centred=(0, 1),
            )
        )

    add(Heading("2. In áp phích và niêm yết", 2))
    text = (
        f"Đã tạo {report.posters} áp phích; niêm yết {len(report.postings)} lượt "
        f"với {report.copies} bản tại {len(report.places)} nơi niêm yết"
    )
    if report.ward_wide_places:
        text += f", trong đó {len(report.ward_wide_places)} nơi chung của phường"
    text += f"; niêm yết đến {len(report.groups_posted)} tổ dân phố"
    text += f" ({join(report.groups_posted)})." if report.groups_posted else "."
    add(Para(text))
    if report.postings:
        by_place = defaultdict(lambda: [0, 0])
        groups = {}
        for p in report.postings:
            by_place[p.place][0] += 1
            by_place[p.place][1] += p.copies
            groups[p.place] = p.group or WARD_WIDE
        add(
            Table(
                ["STT", "Nơi niêm yết", "Tổ dân phố", "Số lượt", "Số bản"],
                numbered(
                    [place, groups[place], *by_place[place]]
                    for place in sorted(by_place, key=natural)
                ),
                [6, 44, 22, 14, 14],
                centred=(0, 3, 4),
            )
        )

    add(Heading("3. Phát thanh trên hệ thống loa truyền thanh", 2))
    text = (
        f"Đã phát {len(report.broadcasts)} lượt, tổng thời lượng "
        f"{number(report.minutes)} phút, trên {len(report.zones)} cụm loa"
    )
    text += f" ({join(report.zones)})" if report.zones else ""
    text += f", đến {len(report.groups_aired)} tổ dân phố"
    text += f" ({join(report.groups_aired)})." if report.groups_aired else "."
    add(Para(text))
    if report.broadcasts:
        counts, seconds, groups = Counter(), Counter(), {}
        for b in report.broadcasts:
            counts[b.zone] += 1
            seconds[b.zone] += b.seconds
            groups[b.zone] = join(b.groups)
        zones = [z for z in report.zones if z in counts]
        zones += [z for z in counts if z not in zones]  # "Mọi cụm loa" last
        add(
            Table(
                ["STT", "Cụm loa", "Số lượt", "Số phút", "Tổ dân phố"],
                numbered(
                    [z, counts[z], number(round(seconds[z] / 60, 1)), groups[z]]
                    for z in zones
                ),
                [6, 34, 12, 12, 36],
                centred=(0, 2, 3),
            )
        )

    add(Heading("4. Tiếp nhận và trả lời ý kiến người dân", 2))
    add(
        Para(
            f"Tiếp nhận {fb.received} ý kiến của người dân về văn bản và các thông "
            f"báo, tin bài triển khai; đã trả lời {fb.answered} ý kiến "
            f"({fb.answered_on_time} đúng hạn, {fb.answered_late} quá hạn); "
            f"còn {fb.open} ý kiến đang xử lý."
        )
    )

    add(Heading("III. TỔNG HỢP"))
    add(
        Para(
            f"Trong kỳ báo cáo, việc tuyên truyền đã đến {len(report.groups_reached)}"
            f"/{report.groups_total} tổ dân phố của phường."
        )
    )
    add(
        Table(
            ["STT", "Nội dung", "Số lượng", "Ghi chú"],
            numbered([f.label, number(f.value), f.note] for f in report.figures()),
            [6, 40, 14, 40],
            centred=(0, 2),
        )
    )

    return blocks


def annex(report: Report) -> list:
    """The annex after the signature: every activity of the period by date."""
    blocks: list = [Heading("PHỤ LỤC: CHI TIẾT HOẠT ĐỘNG TRONG KỲ BÁO CÁO")]
    if report.rows:
        blocks.append(
            Table(
                ["STT", "Ngày", "Hoạt động", "Địa điểm"],
                numbered([day(r.day), r.what, r.where] for r in report.rows),
                [6, 14, 50, 30],
                centred=(0, 1),
            )
        )
    else:
        blocks.append(Para("Không có hoạt động nào được ghi trong kỳ báo cáo."))
    return blocks


def _directive_line(d) -> str:
    return (
        f"{d.doc_type} số {d.number} ngày {day(d.signed_on)} của {d.issuer.name} "
        f"{d.title[:1].lower()}{d.title[1:]}"
    )


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        return ""
    return f" Nội dung chính: {text}" + ("" if text[-1] in ".!?…" else ".")


# --- PDF -------------------------------------------------------------------------


def report_html(report: Report) -> str:
    return render_to_string(
        "dissemination/report.html",
        {
            "report": report,
            "committee_lines": committee_lines(report),
            "number_line": NUMBER_LINE,
            "nation": NATION,
            "motto": MOTTO,
            "dateline": dateline(report),
            "title": report.title,
            "period": report.period,
            "blocks": outline(report),
            "annex": annex(report),
            "signature": SIGNATURE,
            "recipients": RECIPIENTS,
            "fonts": posters.font_urls(),
        },
    )


def as_pdf(report: Report) -> bytes:
    HTML = posters._weasyprint_html()
    html = report_html(report)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# --- XLSX ------------------------------------------------------------------------

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def as_text(cells) -> None:
    """A title or note typed "=…" stays text: openpyxl would store it as a
    formula that the spreadsheet runs when opened."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _sheet(workbook, title, headings, rows, widths, formats=None):
    sheet = workbook.create_sheet(title=title)
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in rows:
        sheet.append(row)
        as_text(sheet[sheet.max_row])
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        fmt = (formats or {}).get(index)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if fmt:
                cell.number_format = fmt
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def as_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    committee = " ".join(committee_lines(report))
    for line in (committee, "BÁO CÁO", report.title, report.period.capitalize()):
        summary.append([line])
    summary["A1"].font = summary["A2"].font = BOLD
    summary.append([])
    summary.append(["Nội dung", "Số lượng", "Ghi chú"])
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    for figure in report.figures():
        summary.append([figure.label, figure.value, figure.note])
        summary.cell(summary.max_row, 3).alignment = WRAP
    summary.append([])
    summary.append(["Lập ngày", report.made_on])
    summary.cell(summary.max_row, 2).number_format = DAY
    for letter, width in zip("ABC", (40, 14, 70), strict=True):
        summary.column_dimensions[letter].width = width

    _sheet(
        workbook,
        "Trang",
        [
            "Loại",
            "Tiêu đề",
            "Ngày đăng",
            "Đã xuất bản",
            "Đăng trong kỳ",
            "Áp phích",
            "Lượt niêm yết",
            "Số bản",
            "Lượt phát thanh",
            "Số phút phát thanh",
            "Ý kiến người dân",
        ],
        [
            [
                p.kind,
                p.title,
                p.published_on,
                "Có" if p.live else "Không",
                "Có" if p.published_in_period else "Không",
                p.posters,
                p.postings,
                p.copies,
                p.broadcasts,
                p.minutes,
                p.feedback,
            ]
            for p in report.pages
        ],
        [18, 60, 13, 12, 13, 10, 12, 9, 13, 13, 13],
        {3: DAY},
    )
    _sheet(
        workbook,
        "Niêm yết",
        [
            "Ngày niêm yết",
            "Văn bản, thông báo",
            "Nơi niêm yết",
            "Tổ dân phố",
            "Số bản",
            "Ngày gỡ",
        ],
        [
            [p.day, p.title, p.place, p.group or WARD_WIDE, p.copies, p.taken_down_on]
            for p in report.postings
        ],
        [14, 55, 40, 18, 9, 13],
        {1: DAY, 6: DAY},
    )
    _sheet(
        workbook,
        "Phát thanh",
        ["Phát lúc", "Văn bản, thông báo", "Cụm loa", "Số phút", "Tổ dân phố"],
        [[b.at, b.title, b.zone, b.minutes, join(b.groups)] for b in report.broadcasts],
        [17, 55, 30, 9, 40],
        {1: MOMENT},
    )
    _sheet(
        workbook,
        "Chi tiết",
        ["Ngày", "Hoạt động", "Địa điểm"],
        [[r.day, r.what, r.where] for r in report.rows],
        [13, 80, 45],
        {1: DAY},
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------

FONT = "Times New Roman"


def _run(paragraph, text, bold=False, italic=False, size=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return run


def _centre(cell, lines, bold=True, italic=False, size=None):
    """Centred lines in a table cell (the first fills its empty paragraph)."""
    for line in lines:
        fresh = len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs
        paragraph = cell.paragraphs[0] if fresh else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, line, bold=bold, italic=italic, size=size)
    return cell.paragraphs[-1]


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # In its place in the schema's order, which Word insists on.
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )


def _styles(document):
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 13), ("Heading 2", 13), ("Title", 14)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)


def as_docx(report: Report) -> bytes:
    document = Document()
    _styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _centre(left, committee_lines(report), size=12)
    _centre(left, ["―――――", NUMBER_LINE], bold=False, size=12)
    _centre(right, [NATION], size=12)
    _centre(right, [MOTTO, "―――――――――――"], size=13)
    _centre(right, [dateline(report)], bold=False, italic=True, size=13)

    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    _run(title, "BÁO CÁO")
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(subtitle, report.title, bold=True)
    period = document.add_paragraph()
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(period, f"({report.period.capitalize()})", italic=True)

    _docx_blocks(document, outline(report))

    document.add_paragraph()
    signature = document.add_table(rows=1, cols=2)
    _no_borders(signature)
    left, right = signature.rows[0].cells
    first = left.paragraphs[0]
    _run(first, RECIPIENTS[0], bold=True, italic=True, size=12)
    for line in RECIPIENTS[1:]:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, line, size=11)
    _centre(right, SIGNATURE)
    _centre(right, ["", "", "", ""], bold=False)

    document.add_page_break()
    _docx_blocks(document, annex(report))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_blocks(document, blocks):
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
        else:
            _docx_table(document, block)


def _docx_table(document, block: Table):
    table = document.add_table(rows=1, cols=len(block.headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths) or len(block.headings)
    widths = None
    if block.widths:
        # At least 14 mm a column, so that "STT" fits on one line.
        raw = [max(165 * w / total, 14) for w in block.widths]
        widths = [Mm(r * 165 / sum(raw)) for r in raw]
    for index, heading in enumerate(block.headings):
        cell = table.rows[0].cells[index]
        cell.text = ""
        _run(cell.paragraphs[0], heading, bold=True, size=12)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in block.rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = ""
            paragraph = cells[index].paragraphs[0]
            _run(paragraph, str(value), size=12)
            if index in block.centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if widths:
        # Word reads the cells' widths, LibreOffice the grid's: set both.
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    document.add_paragraph()
