"""The demo ward's Hỏi đáp: questions residents sent and the ward answered
publicly, and the messages staff find in their inbox. Written for this
project.

Every sender is invented and says so: names "… Mẫu", telephone numbers
0900 000 0xx and addresses at example.org, none of which reach a public page.
"""

# ruff: noqa: E501 (page text reads best unwrapped)
import datetime

INTRO = (
    "<p>Câu hỏi, góp ý của người dân và câu trả lời của phường, đăng khi "
    "người gửi đồng ý và lãnh đạo phường đã duyệt. Không đăng họ tên, số "
    "điện thoại hay địa chỉ của người hỏi.</p>"
)

# Each answer: slug, title, topic, question, answer (paragraphs split by a
# blank line), office, answered_on, and the page it is about, found by its
# model and title ("about": (model label, title) or None).
ANSWERS = [
    {
        "slug": "chuyen-gio-phat-loa-buoi-sang",
        "title": "Đề nghị chuyển giờ phát loa truyền thanh buổi sáng muộn hơn",
        "topic": "gop-y",
        "question": (
            "Cột loa truyền thanh ở đầu kiệt nhà tôi phát bản tin từ 5 giờ sáng, "
            "nhà có người già và cháu nhỏ đều bị thức giấc. Đề nghị phường cho "
            "phát muộn hơn hoặc vặn nhỏ loa."
        ),
        "answer": (
            "Cảm ơn bà con đã góp ý. Sau khi hỏi ý kiến các tổ trưởng tổ dân "
            "phố, từ ngày 01/11/2026 Đài truyền thanh phường chuyển bản tin buổi "
            "sáng sang 6 giờ 30; bản tin buổi chiều vẫn phát lúc 17 giờ 30.\n\n"
            "Với những cột loa đặt sát nhà dân, cán bộ văn hóa – thông tin đã "
            "cùng tổ trưởng xoay hướng loa ra phía đường và giảm bớt âm lượng.\n\n"
            "Nếu loa gần nhà vẫn còn quá to, bà con báo tổ trưởng tổ dân phố "
            "hoặc gửi góp ý trên cổng thông tin, ghi rõ vị trí cột loa để phường "
            "cho người đến kiểm tra."
        ),
        "office": "Văn phòng HĐND và UBND phường",
        "answered_on": datetime.date(2026, 10, 28),
        "about": (
            "directives.NoticePage",
            "Thông báo lịch phát thanh tuyên truyền “5 xây, 3 chống” quý IV năm 2026",
        ),
    },
    {
        "slug": "hom-thu-gop-y-dat-o-dau",
        "title": "Hòm thư góp ý theo Chỉ thị 29-CT/TU đặt ở đâu, ai mở?",
        "topic": "hoi-dap",
        "question": (
            "Tôi muốn góp ý về thái độ của một cán bộ khi tiếp dân nhưng không "
            "muốn ghi tên. Hòm thư góp ý của phường đặt ở chỗ nào, ai là người "
            "mở và thư không ký tên có được xem không?"
        ),
        "answer": (
            "Hòm thư góp ý đặt ngay lối vào Bộ phận tiếp nhận và trả kết quả, "
            "tầng 1 trụ sở Ủy ban nhân dân phường, 270 Trần Phú. Hòm thư có "
            "niêm phong; sáng thứ Hai hằng tuần, Chủ tịch UBND phường cùng đại "
            "diện Ủy ban Mặt trận Tổ quốc phường mở hòm và lập biên bản.\n\n"
            "Thư không ký tên vẫn được đọc và chuyển bộ phận liên quan kiểm tra "
            "khi nội dung đủ rõ: ngày, giờ, nơi xảy ra việc. Phường không tìm "
            "hiểu ai là người viết thư.\n\n"
            "Bà con cũng có thể góp ý ngay trên cổng thông tin, mục “Góp ý, "
            "phản ánh, hỏi đáp”: không cần ghi họ tên, vẫn nhận được mã tra cứu "
            "để xem câu trả lời."
        ),
        "office": "Văn phòng HĐND và UBND phường",
        "answered_on": datetime.date(2026, 9, 18),
        "about": (
            "directives.NoticePage",
            "Thông báo công khai số điện thoại đường dây nóng và hòm thư góp ý",
        ),
    },
    {
        "slug": "chung-thuc-ban-sao-thu-bay",
        "title": "Sáng thứ Bảy phường có chứng thực bản sao giấy tờ không?",
        "topic": "hoi-dap",
        "question": (
            "Tôi đi làm cả tuần, chỉ rảnh sáng thứ Bảy. Phường có chứng thực "
            "bản sao bằng tốt nghiệp vào thứ Bảy không, cần mang theo những gì?"
        ),
        "answer": (
            "Từ tháng 11/2026, Bộ phận tiếp nhận và trả kết quả làm việc thêm "
            "sáng thứ Bảy, từ 7 giờ 30 đến 11 giờ 30, nhận chứng thực bản sao từ "
            "bản chính và chứng thực chữ ký.\n\n"
            "Bà con mang bản chính bằng tốt nghiệp và bản chụp; chưa kịp chụp "
            "thì cán bộ chụp giúp ngay tại chỗ. Lệ phí 2.000 đồng một trang, từ "
            "trang thứ ba 1.000 đồng một trang. Hồ sơ nộp trước 10 giờ 30 được "
            "trả trong buổi sáng.\n\n"
            "Phường không chứng thực bản sao của giấy tờ bị tẩy xóa, sửa chữa "
            "hoặc đã hết hạn sử dụng."
        ),
        "office": "Bộ phận tiếp nhận và trả kết quả",
        "answered_on": datetime.date(2026, 11, 10),
        "about": ("directives.ProcedurePage", "Chứng thực bản sao từ bản chính"),
    },
    {
        "slug": "quan-an-lan-chiem-via-he",
        "title": "Phản ánh quán ăn bày bàn ghế kín vỉa hè, mở loa hát khuya",
        "topic": "phan-anh",
        "question": (
            "Một quán ăn ở đầu kiệt bày bàn ghế kín vỉa hè, người đi bộ phải "
            "xuống lòng đường. Tối nào quán cũng mở loa kẹo kéo hát đến gần nửa đêm."
        ),
        "answer": (
            "Ngày 14/11/2026, Công an phường phối hợp tổ quản lý trật tự đô thị "
            "kiểm tra quán, lập biên bản vi phạm hành chính về việc lấn chiếm "
            "vỉa hè và gây tiếng ồn trong giờ nghỉ ngơi của khu dân cư.\n\n"
            "Chủ quán đã dọn bàn ghế, chừa lối cho người đi bộ và cam kết tắt "
            "loa trước 22 giờ. Cảnh sát khu vực sẽ kiểm tra đột xuất trong tháng.\n\n"
            "Nếu việc này lặp lại, bà con gọi ngay đường dây nóng của phường để "
            "tổ công tác đến lập biên bản tại chỗ."
        ),
        "office": "Công an phường",
        "answered_on": datetime.date(2026, 11, 16),
        "about": None,
    },
    {
        "slug": "dang-ky-gap-chu-tich-phuong",
        "title": "Muốn gặp Chủ tịch phường để kiến nghị có phải đăng ký trước?",
        "topic": "hoi-dap",
        "question": (
            "Tôi đọc thông báo lịch tiếp công dân tháng 12. Muốn gặp Chủ tịch "
            "phường để kiến nghị về con kiệt ngập nước thì có phải đăng ký "
            "trước không, có được đi cùng vài hộ trong tổ không?"
        ),
        "answer": (
            "Bà con không cần đăng ký trước: đến trụ sở phường đúng buổi tiếp "
            "công dân ghi trong thông báo, mang theo căn cước và giấy tờ, hình "
            "ảnh liên quan. Cán bộ tiếp dân ghi vào sổ và mời vào theo thứ tự "
            "đến.\n\n"
            "Khi nhiều hộ cùng kiến nghị một việc, xin cử người đại diện, không "
            "quá năm người, để buổi tiếp đủ thời gian nghe hết ý kiến.\n\n"
            "Việc ngập nước ở kiệt đã được chuyển bộ phận địa chính – xây dựng "
            "khảo sát trước buổi tiếp để Chủ tịch phường trả lời cụ thể."
        ),
        "office": "Văn phòng HĐND và UBND phường",
        "answered_on": datetime.date(2026, 11, 24),
        "about": (
            "directives.NoticePage",
            "Thông báo lịch tiếp công dân của lãnh đạo phường tháng 12 năm 2026",
        ),
    },
]

# The inbox: code, topic, status, sender (name, phone, e-mail: invented),
# tổ dân phố, may publish, message; "received" is a date (answered ones) or a
# number of days before the load (open ones, some of them past their due
# day); "answer" the ward's reply; "answer_page" the slug published from it;
# "assignee" a demo user.
FEEDBACK = [
    {
        "code": "GY-DM00-0001",
        "topic": "gop-y",
        "status": "da-tra-loi",
        "name": "Trần Thị Mẫu",
        "phone": "0900000001",
        "email": "nguoidan1@example.org",
        "to_dan_pho": "Tổ 12",
        "may_publish": True,
        "message": (
            "Loa ở đầu kiệt nhà tôi phát từ 5 giờ sáng, mẹ tôi già yếu và cháu "
            "nhỏ đều bị thức giấc. Xin phường cho phát muộn hơn."
        ),
        "received": datetime.date(2026, 10, 20),
        "answer": "Từ 01/11/2026 bản tin buổi sáng phát lúc 6 giờ 30. Phường đã đăng câu trả lời lên mục Hỏi đáp.",
        "answer_page": "chuyen-gio-phat-loa-buoi-sang",
        "page": (
            "directives.NoticePage",
            "Thông báo lịch phát thanh tuyên truyền “5 xây, 3 chống” quý IV năm 2026",
        ),
    },
    {
        "code": "GY-DM00-0002",
        "topic": "hoi-dap",
        "status": "da-tra-loi",
        "name": "",
        "phone": "",
        "email": "nguoidan2@example.org",
        "to_dan_pho": "",
        "may_publish": True,
        "message": (
            "Hòm thư góp ý theo Chỉ thị 29 đặt ở đâu? Tôi không muốn ghi tên, "
            "thư như vậy có được đọc không?"
        ),
        "received": datetime.date(2026, 9, 14),
        "answer": "Hòm thư đặt ở lối vào Bộ phận một cửa, mở vào sáng thứ Hai hằng tuần; thư không ký tên vẫn được xem xét.",
        "answer_page": "hom-thu-gop-y-dat-o-dau",
    },
    {
        "code": "GY-DM00-0003",
        "topic": "hoi-dap",
        "status": "da-tra-loi",
        "name": "Lê Văn Mẫu",
        "phone": "0900000003",
        "email": "",
        "to_dan_pho": "Tổ 7",
        "may_publish": True,
        "message": "Thứ Bảy phường có chứng thực bản sao bằng tốt nghiệp không ạ?",
        "received": datetime.date(2026, 11, 6),
        "answer": "Có, sáng thứ Bảy từ 7 giờ 30 đến 11 giờ 30. Anh mang bản chính và bản chụp.",
        "answer_page": "chung-thuc-ban-sao-thu-bay",
    },
    {
        "code": "GY-DM00-0004",
        "topic": "phan-anh",
        "status": "da-tra-loi",
        "name": "Phạm Thị Mẫu",
        "phone": "0900000004",
        "email": "nguoidan4@example.org",
        "to_dan_pho": "Tổ 21",
        "may_publish": True,
        "message": (
            "Quán ăn đầu kiệt bày bàn ghế kín vỉa hè, tối nào cũng mở loa kẹo kéo hát "
            "tới gần 12 giờ đêm. Đề nghị phường kiểm tra."
        ),
        "received": datetime.date(2026, 11, 9),
        "answer": "Công an phường đã kiểm tra và lập biên bản ngày 14/11/2026; chủ quán cam kết dọn vỉa hè, tắt loa trước 22 giờ.",
        "answer_page": "quan-an-lan-chiem-via-he",
        "assignee": "bientap",
    },
    {
        "code": "GY-DM00-0005",
        "topic": "phan-anh",
        "status": "moi",
        "name": "Hoàng Văn Mẫu",
        "phone": "0900000005",
        "email": "",
        "to_dan_pho": "Tổ 3",
        "may_publish": False,
        "message": (
            "Hai bóng đèn đường trong kiệt cạnh nhà văn hóa tổ 3 hỏng đã ba "
            "tuần, tối đi lại rất tối, người già sợ té ngã."
        ),
        "received": 24,  # days before the load: past its due day
    },
    {
        "code": "GY-DM00-0006",
        "topic": "gop-y",
        "status": "dang-xu-ly",
        "name": "",
        "phone": "",
        "email": "nguoidan6@example.org",
        "to_dan_pho": "Tổ 15",
        "may_publish": True,
        "message": (
            "Khu chờ ở Bộ phận một cửa ít ghế, buổi sáng đầu tuần nhiều người "
            "phải đứng. Đề nghị phường kê thêm ghế và bố trí nước uống."
        ),
        "received": 18,  # past its due day, being handled
        "assignee": "bientap",
    },
    {
        "code": "GY-DM00-0007",
        "topic": "danh-gia",
        "status": "moi",
        "name": "Võ Thị Mẫu",
        "phone": "",
        "email": "nguoidan7@example.org",
        "to_dan_pho": "Tổ 9",
        "may_publish": False,
        "message": (
            "Chị cán bộ ở quầy hộ tịch hướng dẫn tôi làm khai sinh cho con rất "
            "tận tình, chỉ mất hơn 20 phút. Xin cảm ơn."
        ),
        "received": 1,
    },
    {
        "code": "GY-DM00-0008",
        "topic": "hoi-dap",
        "status": "khong-xu-ly",
        "name": "Đặng Văn Mẫu",
        "phone": "0900000008",
        "email": "",
        "to_dan_pho": "",
        "may_publish": False,
        "message": "Tranh chấp ranh giới đất với nhà bên cạnh, đất ở phường khác, thì phường mình giải quyết được không?",
        "received": datetime.date(2026, 11, 2),
        "answer": (
            "Việc này thuộc Ủy ban nhân dân phường nơi có đất. Ông gửi đơn đề "
            "nghị hòa giải tại đó; phường không thụ lý được."
        ),
    },
]
