"""What the benchmark corpus is made of: issuing bodies and the shape of
their numbers, document types, topics, sentence parts, places, names and the
span of dates. bench/corpus.py draws from these with a seeded random."""

from __future__ import annotations

import datetime

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
