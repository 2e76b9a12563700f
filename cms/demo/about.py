"""The demo ward's own pages (Nghị định 42/2022/NĐ-CP, Art. 4.1 and 7;
Nghị định 13/2018/NĐ-CP, Art. 11), written for this project.

People, telephone numbers and figures are invented for the demo and say so
on the pages; the rules quoted (time limits, fees) are the public ones.
"""

# ruff: noqa: E501 (page text reads best unwrapped)
import datetime

SAMPLE_NOTE = (
    "Nội dung mẫu để tham khảo: họ tên, số điện thoại và số liệu trên trang "
    "này là giả định, không phải thông tin thật của phường."
)

# Each page: model, slug, title, summary, show_in_menus (footer link), body
# as (block type, value) where value is text or a list of items.
PAGES = [
    {
        "model": "InformationPage",
        "slug": "gioi-thieu-chung",
        "title": "Giới thiệu chung về phường",
        "summary": (
            "Phường nằm ở trung tâm thành phố, bên bờ tây sông Hàn: nơi tập trung "
            "nhiều cơ quan, trường học, chợ và khu dân cư lâu đời."
        ),
        "body": [
            ("heading", "Vị trí"),
            (
                "paragraph",
                "Phường thuộc khu vực trung tâm thành phố Đà Nẵng, phía đông giáp "
                "sông Hàn. Trên địa bàn có chợ Hàn, nhiều trường học, bệnh viện "
                "và các tuyến phố buôn bán sầm uất, nên việc giữ gìn trật tự, vệ "
                "sinh đô thị và an toàn giao thông là việc thường xuyên của cả "
                "chính quyền lẫn người dân.",
            ),
            ("heading", "Tổ chức chính quyền"),
            (
                "paragraph",
                "Từ ngày 01/07/2025, phường là đơn vị hành chính cấp xã trực thuộc "
                "thành phố, thực hiện chính quyền địa phương hai cấp. Hội đồng "
                "nhân dân phường quyết định các vấn đề quan trọng của địa phương; "
                "Ủy ban nhân dân phường tổ chức thực hiện và quản lý nhà nước trên "
                "địa bàn.",
            ),
            ("heading", "Tổ dân phố"),
            (
                "paragraph",
                "Dân cư được tổ chức theo tổ dân phố; mỗi tổ có tổ trưởng, Ban công "
                "tác Mặt trận và các chi hội đoàn thể. Thông báo của phường được "
                "niêm yết tại nhà văn hóa và bảng tin của từng tổ, đọc trên loa "
                "truyền thanh và đăng trên cổng thông tin này.",
            ),
            ("paragraph", SAMPLE_NOTE),
        ],
    },
    {
        "model": "InformationPage",
        "slug": "chuc-nang-nhiem-vu",
        "title": "Chức năng, nhiệm vụ của Ủy ban nhân dân phường",
        "summary": (
            "Ủy ban nhân dân phường tổ chức thi hành pháp luật, quản lý nhà nước "
            "trên địa bàn và giải quyết thủ tục hành chính cho người dân."
        ),
        "body": [
            (
                "paragraph",
                "Theo Luật Tổ chức chính quyền địa phương, Ủy ban nhân dân phường là "
                "cơ quan chấp hành của Hội đồng nhân dân phường, cơ quan hành chính "
                "nhà nước ở địa phương. Những việc chính:",
            ),
            (
                "list",
                [
                    "Tổ chức thi hành Hiến pháp, pháp luật và các văn bản của cấp trên trên địa bàn phường.",
                    "Xây dựng và thực hiện kế hoạch phát triển kinh tế – xã hội, dự toán ngân sách hằng năm.",
                    "Tiếp nhận và giải quyết thủ tục hành chính: hộ tịch, chứng thực, cư trú, đất đai, xây dựng, bảo trợ xã hội.",
                    "Quản lý đất đai, trật tự xây dựng, vệ sinh môi trường và đô thị.",
                    "Bảo đảm quốc phòng, an ninh, trật tự, an toàn xã hội; phòng, chống thiên tai.",
                    "Phát triển văn hóa, giáo dục, y tế; chăm lo người có công, hộ nghèo, người yếu thế.",
                    "Tiếp công dân, giải quyết khiếu nại, tố cáo, phản ánh, kiến nghị của người dân.",
                    "Phổ biến, giáo dục pháp luật và tuyên truyền chủ trương, chính sách đến từng tổ dân phố.",
                ],
            ),
        ],
    },
    {
        "model": "OrganisationPage",
        "slug": "co-cau-to-chuc",
        "title": "Cơ cấu tổ chức",
        "summary": (
            "Giúp việc Ủy ban nhân dân phường có Văn phòng, hai phòng chuyên môn "
            "và Trung tâm Phục vụ hành chính công, nơi người dân nộp hồ sơ."
        ),
        "units": [
            {
                "name": "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
                "name_en": "Office of the People's Council and People's Committee",
                "tasks": "Tổng hợp, tham mưu điều hành; văn thư, lưu trữ; tiếp công dân; tư pháp, hộ tịch; tiếp nhận và trả lời yêu cầu cung cấp thông tin.",
                "phone": "0236 3822 101",
            },
            {
                "name": "Phòng Kinh tế, Hạ tầng và Đô thị",
                "name_en": "Division of Economy, Infrastructure and Urban Affairs",
                "tasks": "Ngân sách, kinh tế, đất đai, trật tự xây dựng, giao thông, môi trường, vệ sinh đô thị.",
                "phone": "0236 3822 102",
            },
            {
                "name": "Phòng Văn hóa – Xã hội",
                "name_en": "Division of Culture and Social Affairs",
                "tasks": "Văn hóa, thông tin, thể thao, giáo dục, y tế, lao động, người có công, bảo trợ xã hội, loa truyền thanh.",
                "phone": "0236 3822 103",
            },
            {
                "name": "Trung tâm Phục vụ hành chính công",
                "name_en": "Public Administrative Service Centre",
                "tasks": "Tiếp nhận hồ sơ, hướng dẫn và trả kết quả thủ tục hành chính theo cơ chế một cửa; hỗ trợ nộp hồ sơ trực tuyến.",
                "phone": "0236 3822 104",
            },
        ],
        "body": [("paragraph", SAMPLE_NOTE)],
    },
    {
        "model": "ContactsPage",
        "slug": "lanh-dao-va-lien-he",
        "title": "Lãnh đạo và cán bộ đầu mối liên hệ",
        "summary": (
            "Họ tên, chức vụ, việc phụ trách và số điện thoại của lãnh đạo phường "
            "và các cán bộ tiếp nhận thông tin của người dân."
        ),
        "show_in_menus": True,
        "officials": [
            {
                "name": "Trần Văn Hùng",
                "position": "Chủ tịch Ủy ban nhân dân phường",
                "position_en": "Chairman of the People's Committee",
                "responsibilities": "Lãnh đạo chung; tiếp công dân định kỳ ngày 15 hằng tháng.",
                "phone": "0236 3822 110",
                "email": "chutich@example.org",
            },
            {
                "name": "Lê Thị Bích",
                "position": "Phó Chủ tịch Ủy ban nhân dân phường",
                "position_en": "Vice Chairwoman of the People's Committee",
                "responsibilities": "Kinh tế, ngân sách, đất đai, trật tự xây dựng và đô thị.",
                "phone": "0236 3822 111",
                "email": "phochutich.kinhte@example.org",
            },
            {
                "name": "Nguyễn Minh Quang",
                "position": "Phó Chủ tịch Ủy ban nhân dân phường",
                "position_en": "Vice Chairman of the People's Committee",
                "responsibilities": "Văn hóa – xã hội, giáo dục, y tế, chính sách xã hội.",
                "phone": "0236 3822 112",
                "email": "phochutich.vanhoa@example.org",
            },
            {
                "name": "Phạm Thị Hoa",
                "position": "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
                "position_en": "Chief of Office",
                "responsibilities": "Đầu mối tiếp nhận yêu cầu cung cấp thông tin, phản ánh của người dân và báo chí.",
                "phone": "0236 3822 101",
                "email": "vanphong@example.org",
                "is_contact_point": True,
            },
            {
                "name": "Võ Văn Tâm",
                "position": "Giám đốc Trung tâm Phục vụ hành chính công",
                "position_en": "Director of the Public Administrative Service Centre",
                "responsibilities": "Hồ sơ thủ tục hành chính, hẹn trả kết quả, nộp hồ sơ trực tuyến.",
                "phone": "0236 3822 104",
                "email": "motcua@example.org",
                "is_contact_point": True,
            },
        ],
        "body": [("paragraph", SAMPLE_NOTE)],
    },
    {
        "model": "OneStopPage",
        "slug": "mot-cua",
        "title": "Trung tâm Phục vụ hành chính công (một cửa)",
        "summary": (
            "Nơi nộp hồ sơ và nhận kết quả mọi thủ tục của phường: địa chỉ, giờ "
            "làm việc, lịch tiếp công dân và cách nộp trực tuyến."
        ),
        "body": [
            ("heading", "Khi đến nộp hồ sơ"),
            (
                "list",
                [
                    "Mang căn cước hoặc tài khoản định danh điện tử VNeID mức 2.",
                    "Lấy số thứ tự tại quầy hướng dẫn; cán bộ kiểm tra hồ sơ và hẹn ngày trả kết quả bằng phiếu hẹn.",
                    "Hồ sơ thiếu giấy tờ được hướng dẫn một lần, bằng văn bản, để bổ sung đủ.",
                    "Có thể nhận kết quả qua bưu điện nếu đăng ký khi nộp hồ sơ.",
                ],
            ),
            ("heading", "Nộp trực tuyến"),
            (
                "paragraph",
                "Nhiều thủ tục nộp được trên Cổng Dịch vụ công quốc gia "
                "(dichvucong.gov.vn) bằng tài khoản VNeID; cán bộ một cửa hướng dẫn "
                "tại quầy nếu bà con chưa quen.",
            ),
            ("heading", "Lịch tiếp công dân"),
            (
                "paragraph",
                "Chủ tịch Ủy ban nhân dân phường tiếp công dân định kỳ vào ngày 15 "
                "hằng tháng (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc kế "
                "tiếp), tại phòng tiếp công dân tầng 1 trụ sở.",
            ),
        ],
    },
    {
        "model": "DocumentListPage",
        "slug": "cong-khai-ngan-sach",
        "title": "Công khai ngân sách",
        "summary": (
            "Dự toán, tình hình thực hiện và quyết toán ngân sách của phường, "
            "công khai theo từng năm để người dân cùng giám sát."
        ),
        "show_in_menus": True,
        "documents": [
            {
                "slug": "du-toan-ngan-sach-2026",
                "title": "Công khai dự toán ngân sách phường năm 2026",
                "category": "du-toan",
                "year": 2026,
                "number": "05/QĐ-UBND",
                "published_on": datetime.date(2026, 1, 8),
                "summary": "Dự toán thu, chi ngân sách phường năm 2026 đã được Hội đồng nhân dân phường quyết định.",
                "body": [
                    ("paragraph", "Đơn vị tính: triệu đồng."),
                    (
                        "list",
                        [
                            "Tổng thu ngân sách trên địa bàn: 48.500",
                            "Tổng chi ngân sách phường: 21.300",
                            "Chi thường xuyên: 17.900",
                            "Chi đầu tư phát triển: 2.800",
                            "Dự phòng ngân sách: 600",
                        ],
                    ),
                    ("paragraph", SAMPLE_NOTE),
                ],
            },
            {
                "slug": "thuc-hien-ngan-sach-9-thang-2026",
                "title": "Tình hình thực hiện dự toán ngân sách 9 tháng năm 2026",
                "category": "thuc-hien",
                "year": 2026,
                "number": "112/BC-UBND",
                "published_on": datetime.date(2026, 10, 12),
                "summary": "Thu, chi ngân sách phường đến hết tháng 9 năm 2026 so với dự toán cả năm.",
                "body": [
                    ("paragraph", "Đơn vị tính: triệu đồng."),
                    (
                        "list",
                        [
                            "Thu ngân sách trên địa bàn: 37.200, đạt 76,7% dự toán",
                            "Chi ngân sách phường: 15.100, đạt 70,9% dự toán",
                        ],
                    ),
                    ("paragraph", SAMPLE_NOTE),
                ],
            },
            {
                "slug": "quyet-toan-ngan-sach-2025",
                "title": "Công khai quyết toán ngân sách phường năm 2025",
                "category": "quyet-toan",
                "year": 2025,
                "number": "64/QĐ-UBND",
                "published_on": datetime.date(2026, 7, 20),
                "summary": "Quyết toán thu, chi ngân sách phường năm 2025 đã được Hội đồng nhân dân phường phê chuẩn.",
                "body": [
                    ("paragraph", "Đơn vị tính: triệu đồng."),
                    (
                        "list",
                        [
                            "Tổng thu ngân sách trên địa bàn: 46.850",
                            "Tổng chi ngân sách phường: 20.410",
                        ],
                    ),
                    ("paragraph", SAMPLE_NOTE),
                ],
            },
        ],
    },
    {
        "model": "DocumentListPage",
        "slug": "ke-hoach-va-ket-qua",
        "title": "Kế hoạch, chương trình và kết quả thực hiện",
        "summary": (
            "Kế hoạch, chương trình công tác của phường và báo cáo kết quả thực "
            "hiện, theo từng năm."
        ),
        "documents": [
            {
                "slug": "ke-hoach-kinh-te-xa-hoi-2026",
                "title": "Kế hoạch phát triển kinh tế – xã hội năm 2026",
                "category": "ke-hoach",
                "year": 2026,
                "number": "02/KH-UBND",
                "published_on": datetime.date(2026, 1, 5),
                "summary": "Các chỉ tiêu và nhiệm vụ chính của phường trong năm 2026.",
                "body": [
                    (
                        "list",
                        [
                            "Giải quyết đúng hạn ít nhất 98% hồ sơ thủ tục hành chính; 80% hồ sơ nộp trực tuyến.",
                            "Không để phát sinh điểm tập kết rác tự phát trên các tuyến phố.",
                            "Mỗi tổ dân phố tổ chức ít nhất một buổi sinh hoạt phổ biến pháp luật mỗi quý.",
                        ],
                    ),
                    ("paragraph", SAMPLE_NOTE),
                ],
            },
            {
                "slug": "ket-qua-chi-thi-29-nam-2025",
                "title": "Báo cáo kết quả thực hiện Chỉ thị 29-CT/TU năm 2025",
                "category": "ket-qua",
                "year": 2025,
                "number": "148/BC-UBND",
                "published_on": datetime.date(2025, 12, 18),
                "summary": "Những gì phường đã làm trong năm 2025 để thực hiện “5 xây, 3 chống”.",
                "body": [
                    (
                        "list",
                        [
                            "Cán bộ, công chức của phường đăng ký việc làm cụ thể gắn với vị trí công tác.",
                            "Công khai số điện thoại lãnh đạo, đặt hòm thư góp ý tại nơi tiếp nhận hồ sơ.",
                            "Tổ chức hội nghị đối thoại với người dân tại các tổ dân phố.",
                        ],
                    ),
                    ("paragraph", SAMPLE_NOTE),
                ],
            },
        ],
    },
    {
        "model": "InformationPage",
        "slug": "tiep-can-thong-tin",
        "title": "Tiếp cận thông tin",
        "summary": (
            "Thông tin phường công khai, cách yêu cầu phường cung cấp thông tin, "
            "người phụ trách và thời hạn trả lời."
        ),
        "show_in_menus": True,
        "body": [
            ("heading", "Thông tin được công khai"),
            (
                "paragraph",
                "Văn bản chỉ đạo, thủ tục hành chính, thông báo, kế hoạch và kết quả "
                "thực hiện, công khai ngân sách, cơ cấu tổ chức và danh sách cán bộ "
                "đầu mối đều được đăng trên cổng thông tin này và niêm yết tại trụ "
                "sở phường.",
            ),
            ("heading", "Yêu cầu cung cấp thông tin"),
            (
                "paragraph",
                "Công dân có quyền yêu cầu phường cung cấp thông tin do phường tạo "
                "ra theo Luật Tiếp cận thông tin. Bà con ghi Phiếu yêu cầu cung cấp "
                "thông tin (có sẵn tại Trung tâm Phục vụ hành chính công) và nộp "
                "trực tiếp, gửi qua bưu điện hoặc thư điện tử đến địa chỉ ghi ở mục "
                "Trụ sở cuối trang.",
            ),
            (
                "list",
                [
                    "Đầu mối tiếp nhận: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường.",
                    "Thông tin có sẵn được cung cấp ngay; trường hợp phải tìm kiếm, tập hợp thì trả lời trong thời hạn luật định, tối đa 15 ngày làm việc, có thể gia hạn thêm không quá 15 ngày làm việc.",
                    "Không thu phí; người yêu cầu chỉ trả chi phí thực tế để in, sao, chụp, gửi thông tin.",
                    "Trường hợp từ chối cung cấp, phường trả lời bằng văn bản và nêu rõ lý do.",
                ],
            ),
        ],
    },
]

ENGLISH_PAGE = {
    "slug": "english",
    "title": "In English: structure and contacts",
    "ward_name_en": "People's Committee of Hai Chau Ward, Da Nang City",
    "intro": (
        "<p>Hai Chau Ward lies in the centre of Da Nang, on the west bank of the "
        "Han River. Since 1 July 2025 it reports directly to the city. This page "
        "lists the ward's departments and the officials to contact; the names, "
        "telephone numbers and e-mail addresses are sample data.</p>"
    ),
    "show_in_menus": True,
}
