"""The demo's public portal: five categories, some forty articles of the committee's work over the last months
(published, most with readers already, a few featured with a picture drawn by Pillow), two drafts, one under
review, one returned with a note, one withdrawn and one scheduled two days ahead, and the featured-events block.

Written with the ORM (bodies sanitized as the services do), one audit event; the same seed gives the same
records. The writers are the demo's editor «bientap» and chief editor «tongbientap» when they exist, else the
provincial officer «tinh», else the first active account of the root org."""

from __future__ import annotations

import io
import math
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.text import fold
from tochuc.orgs.models import Org
from tochuc.portal import cache, rules
from tochuc.portal.choices import ArticleStatus
from tochuc.portal.models import Article, Category, FeaturedEvent, Option, Poll, Vote
from tochuc.portal.sanitize import clean_html, plain_text

CATEGORIES = [
    ("Tin hoạt động", "Hoạt động của Tỉnh ủy, Ban Tổ chức Tỉnh ủy và các cấp ủy trong tỉnh."),
    ("Công tác tổ chức", "Xây dựng tổ chức cơ sở đảng, đảng viên, sắp xếp tổ chức bộ máy."),
    ("Công tác cán bộ", "Quy hoạch, đào tạo, luân chuyển, bổ nhiệm, đánh giá cán bộ."),
    ("Bảo vệ chính trị nội bộ", "Công tác bảo vệ chính trị nội bộ Đảng."),
    ("Văn bản, hướng dẫn", "Quy định, hướng dẫn, kế hoạch của Trung ương và của Tỉnh ủy."),
]
BYLINES = ["Minh Anh", "Thu Trang", "Hoàng Long - Ban Tổ chức Tỉnh ủy", "Ngọc Diệp", "Quang Huy", "Lê Hà"]

# (category index, title, lead, opening paragraph); the bodies go on with the category's paragraphs below.
ARTICLES: list[tuple[int, str, str, str]] = [
    (1, "Triển khai công tác tổ chức xây dựng Đảng năm {year}",
     "Ban Tổ chức Tỉnh ủy tổ chức hội nghị triển khai nhiệm vụ công tác tổ chức xây dựng Đảng năm {year} với "
     "sự tham dự của trưởng ban tổ chức các đảng bộ trực thuộc.",
     "Phát biểu chỉ đạo hội nghị, đồng chí Trưởng Ban Tổ chức Tỉnh ủy đề nghị các cấp ủy tập trung hoàn thiện tổ "
     "chức bộ máy sau sắp xếp, nâng cao chất lượng sinh hoạt chi bộ và chất lượng đảng viên."),
    (0, "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ ba, nhiệm kỳ 2025-2030",
     "Hội nghị thảo luận, cho ý kiến vào báo cáo kết quả thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng.",
     "Hội nghị đã dành thời gian thảo luận dân chủ, thẳng thắn về những hạn chế, nguyên nhân và đề ra nhóm giải "
     "pháp trọng tâm cho thời gian tới."),
    (1, "Sáp nhập xã, phường: kiện toàn tổ chức đảng ở cơ sở sau sắp xếp",
     "Sau khi thực hiện mô hình chính quyền địa phương hai cấp, toàn tỉnh đã kiện toàn xong tổ chức đảng ở 78 xã, "
     "phường, đặc khu.",
     "Việc chuyển giao sinh hoạt đảng của đảng viên từ các tổ chức đảng đã kết thúc hoạt động được thực hiện "
     "đồng bộ, bảo đảm không để đảng viên nào bị gián đoạn sinh hoạt."),
    (0, "Kỷ niệm 95 năm Ngày truyền thống ngành Tổ chức xây dựng Đảng",
     "Lễ kỷ niệm ôn lại truyền thống vẻ vang của ngành Tổ chức xây dựng Đảng (14/10/1930 - 14/10/2025).",
     "Qua 95 năm xây dựng và trưởng thành, ngành Tổ chức xây dựng Đảng luôn hoàn thành tốt vai trò tham mưu cho "
     "cấp ủy về công tác tổ chức, cán bộ và đảng viên."),
    (2, "Quy hoạch cán bộ lãnh đạo, quản lý nhiệm kỳ 2030-2035",
     "Ban Thường vụ Tỉnh ủy ban hành kế hoạch rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý các cấp.",
     "Kế hoạch yêu cầu việc giới thiệu nhân sự quy hoạch phải bảo đảm công khai, dân chủ, khách quan, đúng quy "
     "trình và tiêu chuẩn chức danh."),
    (0, "Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025-2030 thành công tốt đẹp",
     "Đại hội đã bầu Ban Chấp hành Đảng bộ tỉnh khóa I và đoàn đại biểu dự Đại hội toàn quốc lần thứ XIV của Đảng.",
     "Đại hội xác định phương châm hành động: Đoàn kết - Dân chủ - Kỷ cương - Đột phá - Phát triển, với ba khâu đột "
     "phá chiến lược."),
    (1, "Nâng cao chất lượng sinh hoạt chi bộ ở khu dân cư",
     "Nhiều chi bộ thôn, khu phố đổi mới nội dung sinh hoạt, chọn chuyên đề sát với đời sống của người dân.",
     "Tại phường Đông Hà, các chi bộ khu phố duy trì sinh hoạt chuyên đề hằng quý về giữ gìn an ninh trật tự, xây "
     "dựng nếp sống văn minh đô thị."),
    (4, "Hướng dẫn thực hiện Quy định 294-QĐ/TW về thi hành Điều lệ Đảng",
     "Ban Tổ chức Tỉnh ủy hướng dẫn các cấp ủy triển khai những điểm mới về kết nạp đảng viên, chuyển sinh hoạt "
     "đảng và miễn sinh hoạt đảng.",
     "Hướng dẫn nêu rõ thẩm quyền, thủ tục và thời hạn giải quyết từng loại việc, kèm các biểu mẫu thống nhất trong "
     "toàn Đảng bộ tỉnh."),
    (1, "Kết nạp đảng viên trong đồng bào dân tộc thiểu số ở các xã miền núi",
     "Các xã miền núi phía Tây của tỉnh chú trọng tạo nguồn, bồi dưỡng quần chúng ưu tú là người Bru - Vân Kiều, "
     "Pa Kô.",
     "Cấp ủy cơ sở phân công đảng viên giúp đỡ từng quần chúng ưu tú, gắn công tác phát triển đảng viên với phong "
     "trào phát triển kinh tế hộ gia đình."),
    (2, "Đánh giá, xếp loại chất lượng cán bộ theo hướng thực chất",
     "Việc đánh giá cán bộ gắn với kết quả thực hiện nhiệm vụ được lượng hóa bằng sản phẩm cụ thể.",
     "Các cơ quan, đơn vị xây dựng bộ tiêu chí đánh giá theo vị trí việc làm, công khai kết quả để cán bộ tự soi, "
     "tự sửa."),
    (3, "Tăng cường công tác bảo vệ chính trị nội bộ trong tình hình mới",
     "Hội nghị quán triệt Quy định 58-QĐ/TW về một số vấn đề bảo vệ chính trị nội bộ Đảng.",
     "Các cấp ủy được yêu cầu thực hiện nghiêm việc thẩm định tiêu chuẩn chính trị trước khi kết nạp đảng viên, "
     "bổ nhiệm, giới thiệu cán bộ ứng cử."),
    (0, "Ban Tổ chức Tỉnh ủy sơ kết công tác 6 tháng đầu năm",
     "Hội nghị đánh giá kết quả tham mưu của cơ quan trong 6 tháng và bàn nhiệm vụ trọng tâm 6 tháng cuối năm.",
     "Trong 6 tháng, cơ quan đã tham mưu ban hành nhiều văn bản quan trọng về công tác tổ chức, cán bộ, trong đó có "
     "đề án sắp xếp tổ chức bộ máy của hệ thống chính trị."),
    (2, "Luân chuyển cán bộ trẻ về cơ sở: rèn luyện qua thực tiễn",
     "Nhiều cán bộ trẻ được luân chuyển giữ chức vụ chủ chốt ở xã đã phát huy tốt năng lực, trưởng thành nhanh.",
     "Việc luân chuyển được thực hiện có kế hoạch, gắn với quy hoạch, bảo đảm cán bộ có môi trường rèn luyện và "
     "được đánh giá khách quan sau thời gian luân chuyển."),
    (4, "Kế hoạch kiểm điểm, đánh giá, xếp loại tổ chức đảng và đảng viên năm {year_before}",
     "Ban Thường vụ Tỉnh ủy ban hành kế hoạch kiểm điểm tập thể, cá nhân và đánh giá, xếp loại chất lượng cuối năm.",
     "Kế hoạch yêu cầu việc kiểm điểm phải gắn với kết quả thực hiện nhiệm vụ được giao, khắc phục tình trạng nể "
     "nang, né tránh."),
    (1, "Trao Huy hiệu Đảng đợt 3/2 cho đảng viên lão thành",
     "Nhân kỷ niệm ngày thành lập Đảng, các đảng bộ tổ chức trao Huy hiệu 30, 40, 50, 55, 60, 65, 70, 75 năm tuổi "
     "Đảng.",
     "Các đồng chí đảng viên lão thành bày tỏ niềm vinh dự, tự hào và hứa tiếp tục giữ gìn phẩm chất người đảng "
     "viên, làm gương cho con cháu."),
    (0, "Tập huấn nghiệp vụ công tác tổ chức cho cấp ủy xã, phường",
     "Lớp tập huấn trang bị kiến thức về quản lý đảng viên, phát triển đảng viên và sử dụng phần mềm quản lý.",
     "Học viên được hướng dẫn thực hành trên hệ thống quản lý cơ sở dữ liệu đảng viên, cập nhật biến động hằng "
     "tháng."),
    (3, "Thẩm định tiêu chuẩn chính trị: chặt chẽ, đúng quy định",
     "Công tác thẩm định tiêu chuẩn chính trị góp phần ngăn chặn người không đủ tiêu chuẩn vào tổ chức đảng.",
     "Cơ quan tham mưu thực hiện thẩm tra, xác minh lý lịch theo đúng thẩm quyền, bảo đảm bí mật và thời hạn "
     "theo quy định."),
    (2, "Bổ nhiệm cán bộ bảo đảm đúng quy trình theo Quy định 377-QĐ/TW",
     "Quy trình năm bước trong bổ nhiệm cán bộ được thực hiện nghiêm từ đề xuất đến quyết định.",
     "Việc lấy phiếu tín nhiệm được thực hiện công khai; kết quả được báo cáo đầy đủ với cấp có thẩm quyền trước "
     "khi xem xét bổ nhiệm."),
    (1, "Thành lập tổ chức đảng trong doanh nghiệp ngoài khu vực nhà nước",
     "Nhiều doanh nghiệp tư nhân trên địa bàn đã có tổ chức đảng, góp phần định hướng hoạt động sản xuất kinh "
     "doanh.",
     "Cấp ủy cấp xã phối hợp với chủ doanh nghiệp tạo điều kiện để người lao động ưu tú được học tập, rèn luyện và "
     "phấn đấu vào Đảng."),
    (0, "Hội nghị giao ban công tác tổ chức xây dựng Đảng khu vực miền Trung",
     "Ban Tổ chức Trung ương tổ chức hội nghị giao ban với các tỉnh, thành ủy khu vực miền Trung - Tây Nguyên.",
     "Đại diện tỉnh chia sẻ kinh nghiệm trong sắp xếp tổ chức bộ máy và chuyển giao sinh hoạt đảng sau hợp nhất "
     "đơn vị hành chính."),
    (4, "Quy định về chức năng, nhiệm vụ của Ban Tổ chức Tỉnh ủy",
     "Ban Thường vụ Tỉnh ủy ban hành quy định mới về chức năng, nhiệm vụ, quyền hạn, tổ chức bộ máy của cơ quan.",
     "Quy định xác định Ban Tổ chức Tỉnh ủy là cơ quan tham mưu, giúp việc của Tỉnh ủy về công tác tổ chức, cán "
     "bộ, đảng viên và bảo vệ chính trị nội bộ."),
    (2, "Đào tạo, bồi dưỡng cán bộ trong diện quy hoạch",
     "Tỉnh mở các lớp bồi dưỡng kiến thức quốc phòng - an ninh và lý luận chính trị cho cán bộ trong diện quy "
     "hoạch.",
     "Nội dung bồi dưỡng được thiết kế theo yêu cầu của từng chức danh, chú trọng kỹ năng lãnh đạo, quản lý và "
     "chuyển đổi số."),
    (1, "Chuyển sinh hoạt đảng trực tuyến: thuận tiện cho đảng viên",
     "Việc tiếp nhận, giới thiệu sinh hoạt đảng được theo dõi trên hệ thống, rút ngắn thời gian giải quyết.",
     "Đảng viên chuyển nơi cư trú hoặc nơi công tác được hướng dẫn đầy đủ hồ sơ, thủ tục và thời hạn xuất trình "
     "giấy giới thiệu."),
    (0, "Tổng kết công tác xây dựng Đảng năm {year_before}",
     "Toàn Đảng bộ tỉnh kết nạp hơn 2.000 đảng viên mới, vượt chỉ tiêu đề ra.",
     "Hội nghị biểu dương các tập thể, cá nhân có thành tích xuất sắc trong công tác xây dựng Đảng và hệ thống "
     "chính trị."),
    (3, "Nắm tình hình chính trị nội bộ qua đảng viên đi làm ăn xa",
     "Các chi bộ duy trì liên lạc thường xuyên với đảng viên đi làm ăn xa, nắm chắc tình hình tư tưởng.",
     "Chi bộ phân công cấp ủy viên theo dõi từng trường hợp, kịp thời báo cáo cấp ủy cấp trên khi có vấn đề phát "
     "sinh."),
    (2, "Thực hiện chính sách đối với cán bộ dôi dư sau sắp xếp",
     "Tỉnh giải quyết chế độ, chính sách kịp thời cho cán bộ, công chức dôi dư theo Nghị định của Chính phủ.",
     "Các địa phương rà soát, bố trí cán bộ theo vị trí việc làm, ưu tiên giữ lại người có năng lực, kinh "
     "nghiệm."),
    (1, "Phát triển đảng viên là học sinh, sinh viên",
     "Các trường trung học phổ thông, cao đẳng trên địa bàn đã kết nạp nhiều học sinh, sinh viên ưu tú vào Đảng.",
     "Công tác bồi dưỡng nhận thức về Đảng được lồng ghép trong hoạt động Đoàn, tạo nguồn vững chắc cho việc "
     "kết nạp."),
    (4, "Hướng dẫn lập hồ sơ đề nghị khen thưởng tổ chức đảng, đảng viên",
     "Hướng dẫn quy định rõ đối tượng, tiêu chuẩn và hồ sơ đề nghị tặng Bằng khen, Giấy khen.",
     "Hồ sơ gửi về Ban Tổ chức Tỉnh ủy đúng thời hạn để thẩm định, trình Ban Thường vụ Tỉnh ủy xem xét."),
    (0, "Đoàn công tác Ban Tổ chức Trung ương làm việc với Tỉnh ủy",
     "Đoàn công tác kiểm tra việc thực hiện các nghị quyết, quy định của Trung ương về công tác tổ chức xây dựng "
     "Đảng.",
     "Đoàn đánh giá cao sự chủ động của tỉnh trong triển khai sắp xếp tổ chức bộ máy, đồng thời đề nghị tiếp tục "
     "nâng cao chất lượng đội ngũ cán bộ cơ sở."),
    (1, "Củng cố chi bộ yếu kém ở vùng sâu, vùng xa",
     "Cấp ủy các xã miền núi tăng cường đảng viên, cử cán bộ dự sinh hoạt để củng cố các chi bộ còn khó khăn.",
     "Sau một năm củng cố, nhiều chi bộ đã duy trì nền nếp sinh hoạt, nội dung sinh hoạt có chất lượng hơn."),
    (2, "Lấy phiếu tín nhiệm đối với người giữ chức vụ do Hội đồng nhân dân bầu",
     "Kết quả lấy phiếu tín nhiệm là căn cứ để đánh giá, quy hoạch và sử dụng cán bộ.",
     "Việc lấy phiếu được thực hiện tại kỳ họp thường lệ cuối năm, bảo đảm đúng quy định, công khai kết quả."),
    (0, "Giao lưu văn nghệ chào mừng ngày thành lập Đảng",
     "Chương trình giao lưu thu hút đông đảo cán bộ, đảng viên và nhân dân tham gia.",
     "Các tiết mục ca ngợi Đảng, Bác Hồ và quê hương Quảng Trị anh hùng được dàn dựng công phu."),
    (3, "Quản lý hồ sơ đảng viên: bảo đảm an toàn, bí mật",
     "Hồ sơ đảng viên được số hóa và quản lý theo chế độ bảo mật, phân quyền chặt chẽ.",
     "Mọi thao tác tra cứu, cập nhật hồ sơ đều được ghi lại trong nhật ký của hệ thống để kiểm tra khi cần."),
    (4, "Kế hoạch tổ chức đại hội chi bộ trực thuộc nhiệm kỳ 2027-2030",
     "Các chi bộ trực thuộc đảng bộ cơ sở tổ chức đại hội giữa nhiệm kỳ theo hướng dẫn của cấp trên.",
     "Kế hoạch nêu rõ thời gian, nội dung văn kiện, công tác nhân sự và việc bầu cấp ủy, bí thư, phó bí thư chi bộ."),
    (1, "Đông Hà: hoàn thành chuyển đổi tổ chức đảng khu phố sau sáp nhập",
     "Đảng bộ phường Đông Hà kiện toàn các chi bộ khu phố, bố trí bí thư chi bộ đồng thời là trưởng khu phố.",
     "Mô hình bí thư chi bộ kiêm trưởng khu phố giúp nâng cao hiệu quả lãnh đạo, gắn kết chặt chẽ giữa chi bộ và "
     "nhân dân."),
    (2, "Tiêu chuẩn chức danh cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý",
     "Quy định tiêu chuẩn chức danh là cơ sở để quy hoạch, đào tạo, bổ nhiệm cán bộ.",
     "Ngoài tiêu chuẩn chung, mỗi chức danh có yêu cầu riêng về kinh nghiệm công tác, trình độ chuyên môn và năng "
     "lực thực tiễn."),
    (0, "Trao quyết định điều động, bổ nhiệm cán bộ",
     "Ban Thường vụ Tỉnh ủy trao quyết định điều động, bổ nhiệm một số cán bộ lãnh đạo sở, ngành.",
     "Thay mặt Ban Thường vụ, đồng chí Phó Bí thư Tỉnh ủy chúc mừng và đề nghị các đồng chí phát huy năng lực, "
     "đoàn kết, hoàn thành tốt nhiệm vụ được giao."),
]  # fmt: skip

PARAGRAPHS: dict[int, list[str]] = {
    0: [
        "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến điểm cầu các xã, phường, đặc khu.",
        "Các ý kiến tham luận tập trung làm rõ kết quả đạt được, chỉ ra những khó khăn, vướng mắc trong quá trình "
        "tổ chức thực hiện và đề xuất nhiều giải pháp thiết thực.",
        "Kết luận hội nghị, đồng chí chủ trì yêu cầu các cấp ủy, tổ chức đảng cụ thể hóa nhiệm vụ bằng chương "
        "trình, kế hoạch, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
        "Dịp này, nhiều tập thể, cá nhân có thành tích tiêu biểu đã được khen thưởng.",
    ],
    1: [
        "Toàn Đảng bộ tỉnh hiện có hơn 1.600 tổ chức cơ sở đảng với trên 70.000 đảng viên; chất lượng sinh hoạt "
        "chi bộ từng bước được nâng lên.",
        "Công tác quản lý đảng viên được thực hiện chặt chẽ thông qua cơ sở dữ liệu, cập nhật kịp thời biến động "
        "về tổ chức và đảng viên.",
        "Cấp ủy các cấp tiếp tục rà soát, sàng lọc, đưa những đảng viên không đủ tư cách ra khỏi Đảng, bảo đảm "
        "chất lượng đội ngũ đảng viên.",
        "Trong thời gian tới, các cấp ủy cần chú trọng tạo nguồn kết nạp đảng viên ở những nơi còn ít đảng viên.",
    ],
    2: [
        "Công tác cán bộ được thực hiện theo đúng nguyên tắc Đảng thống nhất lãnh đạo công tác cán bộ và quản lý "
        "đội ngũ cán bộ.",
        "Đội ngũ cán bộ lãnh đạo, quản lý các cấp cơ bản đáp ứng yêu cầu nhiệm vụ, tỷ lệ cán bộ trẻ, cán bộ nữ, "
        "cán bộ người dân tộc thiểu số từng bước được nâng lên.",
        "Việc đánh giá cán bộ được thực hiện thường xuyên, liên tục, đa chiều, theo tiêu chí và bằng sản phẩm cụ thể.",
        "Các cấp ủy cần gắn quy hoạch với đào tạo, bồi dưỡng, luân chuyển và bố trí, sử dụng cán bộ.",
    ],
    3: [
        "Công tác bảo vệ chính trị nội bộ được các cấp ủy quan tâm lãnh đạo, chỉ đạo, thực hiện nghiêm túc.",
        "Việc xem xét, kết luận tiêu chuẩn chính trị được thực hiện đúng thẩm quyền, quy trình, bảo đảm khách "
        "quan, thận trọng.",
        "Các cơ quan tham mưu phối hợp chặt chẽ trong việc nắm tình hình, kịp thời phát hiện và xử lý các vấn đề "
        "phát sinh.",
    ],
    4: [
        "Văn bản có hiệu lực kể từ ngày ký và được gửi đến các cấp ủy, tổ chức đảng trực thuộc để triển khai thực "
        "hiện.",
        "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Ban Tổ chức Tỉnh ủy để tổng hợp, báo "
        "cáo Ban Thường vụ Tỉnh ủy xem xét, điều chỉnh.",
        "Các cấp ủy tổ chức quán triệt đến toàn thể cán bộ, đảng viên và báo cáo kết quả thực hiện theo định kỳ.",
    ],
}
HEADINGS = {
    0: "Nhiều kết quả nổi bật",
    1: "Những kết quả bước đầu",
    2: "Thực hiện đúng quy trình, tiêu chuẩn",
    3: "Yêu cầu đặt ra",
    4: "Tổ chức thực hiện",
}

# Article indexes that are not simply published: two drafts, one under review, one returned, one withdrawn.
DRAFTS, REVIEW, RETURNED, WITHDRAWN = (34, 35), 33, 32, 31
RETURN_NOTE = "Bổ sung số liệu cụ thể và ảnh hoạt động; rút gọn phần mở đầu."
FEATURED = (5, 0, 3, 2, 1)  # the congress, the year's work, the anniversary, the communes, the conference


def _users(root: Org) -> tuple:
    users = get_user_model().objects.filter(is_active=True)
    editor = users.filter(username="bientap").first()
    chief = users.filter(username="tongbientap").first()
    fallback = users.filter(username="tinh").first() or users.filter(org=root).order_by("pk").first()
    if fallback is None and (editor is None or chief is None):
        raise DomainError(_("Chưa có tài khoản nào của tổ chức gốc để đứng tên các tin bài dùng thử."), field=None)
    return editor or chief or fallback, chief or fallback


def _picture(rng: random.Random) -> bytes:
    """A banner in the committee's colours: a red field, gold rays and a five-pointed star."""
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), (179, 0, 27))
    draw = ImageDraw.Draw(image)
    cx, cy = rng.randint(420, 780), rng.randint(280, 400)
    for i in range(0, 360, 12):
        a = math.radians(i + rng.random() * 4)
        draw.line([(cx, cy), (cx + 1400 * math.cos(a), cy + 1400 * math.sin(a))], fill=(196, 22, 40), width=18)
    r1, r2 = 150, 60
    points = []
    for k in range(10):
        r = r1 if k % 2 == 0 else r2
        a = math.radians(-90 + 36 * k)
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(points, fill=(244, 197, 66))
    draw.rectangle([0, height - 40, width, height], fill=(138, 0, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def seed_portal(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the demo portal (after the tree and the accounts); call it inside a transaction. Returns the figures
    written."""
    rng = random.Random(seed)
    editor, chief = _users(root)
    categories = []
    for position, (name, description) in enumerate(CATEGORIES, start=1):
        categories.append(
            Category.objects.create(
                name=name,
                slug=rules.slug_base(name, fallback="chuyen-muc"),
                description=description,
                position=position,
            )
        )
    tz = timezone.get_current_timezone()
    now = timezone.now()
    last_day = min(today, timezone.localdate(now))
    taken: set[str] = set(Article.objects.values_list("slug", flat=True))
    articles: list[Article] = []
    for index, (cat, title, lead, opening) in enumerate(ARTICLES):
        title = title.format(year=today.year, year_before=today.year - 1)
        lead = lead.format(year=today.year, year_before=today.year - 1)
        pool = PARAGRAPHS[cat]
        chosen = rng.sample(pool, k=min(len(pool), rng.choice((2, 3))))
        body = (
            f"<p>{opening}</p><h2>{HEADINGS[cat]}</h2>"
            + "".join(f"<p>{p}</p>" for p in chosen)
            + (
                "<blockquote>Phải thực sự dân chủ, công khai, minh bạch trong công tác cán bộ.</blockquote>"
                if cat == 2
                else ""
            )
        )
        body = clean_html(body)
        slug = next(s for s in rules.slug_candidates(rules.slug_base(title)) if s not in taken)
        taken.add(slug)
        # The oldest articles first: index 0 is the newest; two months and a half of news, office hours.
        day = last_day - timedelta(days=int(index * 2.2) + rng.randint(0, 1))
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(7, 16), rng.choice((0, 15, 30, 45)))), tz)
        if at > now:
            at = now - timedelta(minutes=30 + index)
        status, publish_at, note, published_by = ArticleStatus.PUBLISHED, at, "", chief
        if index in DRAFTS:
            status, publish_at, published_by = ArticleStatus.DRAFT, None, None
        elif index == REVIEW:
            status, publish_at, published_by = ArticleStatus.REVIEW, None, None
        elif index == RETURNED:
            status, publish_at, note, published_by = ArticleStatus.DRAFT, None, RETURN_NOTE, None
        elif index == WITHDRAWN:
            status = ArticleStatus.WITHDRAWN
        age = max(1, (last_day - day).days)
        views = 0 if publish_at is None else int(rng.randint(60, 400) * (1 + min(age, 40) / 6))
        text = plain_text(body)
        article = Article(
            org=root,
            category=categories[cat],
            title=title,
            slug=slug,
            lead=lead,
            body=body,
            body_text=text,
            search_folded=fold(f"{title} {lead} {text}"),
            author=editor if index % 3 else chief,
            byline=rng.choice(BYLINES),
            status=status,
            publish_at=publish_at,
            featured=index in FEATURED,
            review_note=note,
            published_by=published_by,
            view_count=views,
        )
        if index in FEATURED:
            article.image.save(f"{slug[:60]}.jpg", ContentFile(_picture(rng)), save=False)
            article.image_caption = _("Ảnh minh họa")
        articles.append(article)
    Article.objects.bulk_create(articles)

    # One article scheduled: it comes out by itself in two days, at 07:30.
    scheduled_at = timezone.make_aware(datetime.combine(last_day + timedelta(days=2), time(7, 30)), tz)
    scheduled_title = (
        f"Thông báo lịch tiếp nhận hồ sơ chuyển sinh hoạt đảng tháng {scheduled_at.month}/{scheduled_at.year}"
    )
    scheduled_body = clean_html(
        "<p>Ban Tổ chức Tỉnh ủy thông báo lịch tiếp nhận và trả kết quả hồ sơ chuyển sinh hoạt đảng chính thức ra "
        "ngoài Đảng bộ tỉnh trong tháng.</p><ul><li>Sáng: từ 7 giờ 30 đến 11 giờ 30.</li><li>Chiều: từ 13 giờ 30 "
        "đến 17 giờ.</li></ul><p>Đảng viên mang theo giấy giới thiệu và hồ sơ đảng viên theo quy định.</p>"
    )
    Article.objects.create(
        org=root,
        category=categories[4],
        title=scheduled_title,
        slug=next(s for s in rules.slug_candidates(rules.slug_base(scheduled_title)) if s not in taken),
        lead="Lịch tiếp nhận hồ sơ chuyển sinh hoạt đảng của Ban Tổ chức Tỉnh ủy.",
        body=scheduled_body,
        body_text=plain_text(scheduled_body),
        search_folded=fold(f"{scheduled_title} {plain_text(scheduled_body)}"),
        author=editor,
        byline=BYLINES[0],
        status=ArticleStatus.PUBLISHED,
        publish_at=scheduled_at,
        published_by=chief,
    )

    by_index = dict(enumerate(articles))
    year, last_year = today.year, today.year - 1
    events = [
        ("Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025-2030", date(2025, 9, 26), date(2025, 9, 28), 5, ""),
        ("Kỷ niệm 95 năm Ngày truyền thống ngành Tổ chức xây dựng Đảng", date(2025, 10, 14), None, 3, ""),
        (f"Hội nghị tổng kết công tác xây dựng Đảng năm {last_year}", by_index[23].publish_at.date(), None, 23, ""),
        ("Sắp xếp tổ chức đảng theo mô hình chính quyền địa phương hai cấp", date(2025, 7, 1), None, 2, ""),
        (f"Sinh hoạt chính trị kỷ niệm Ngày thành lập Đảng 3/2/{year}", date(year, 2, 1), date(year, 2, 28), None, ""),
    ]  # fmt: skip
    FeaturedEvent.objects.bulk_create(
        [
            FeaturedEvent(
                title=title,
                starts_on=starts,
                ends_on=ends,
                article=by_index[ref] if ref is not None else None,
                url=url,
                position=position,
            )
            for position, (title, starts, ends, ref, url) in enumerate(events, start=1)
        ]
    )
    polls = _polls(chief, rng)
    cache.bump()
    counts = {
        "categories": len(categories),
        "articles": len(articles) + 1,
        "published": sum(1 for a in articles if a.status == ArticleStatus.PUBLISHED) + 1,
        "drafts": sum(1 for a in articles if a.status == ArticleStatus.DRAFT),
        "review": sum(1 for a in articles if a.status == ArticleStatus.REVIEW),
        "withdrawn": sum(1 for a in articles if a.status == ArticleStatus.WITHDRAWN),
        "scheduled": 1,
        "featured": sum(1 for a in articles if a.featured),
        "events": len(events),
        "views": sum(a.view_count for a in articles),
        "polls": len(polls),
        "votes": sum(p.votes.count() for p in polls),
    }
    audit_record(
        actor=None,
        action="demo.seed",
        obj=root,
        org_path=root.path,
        note="Cổng thông tin",
        changes={k: {"before": None, "after": v} for k, v in counts.items()},
    )
    return counts


# The portal's polls: one open now (with its votes so far), one closed last month with its result.
POLLS = [
    (
        "Bạn quan tâm nhất đến nội dung nào trong công tác xây dựng Đảng năm 2026?",
        ["Phát triển đảng viên trong doanh nghiệp ngoài nhà nước", "Kiện toàn tổ chức cơ sở đảng sau hợp nhất xã",
         "Công tác cán bộ, quy hoạch cán bộ trẻ", "Sinh hoạt chi bộ ở khu dân cư"],
        (-20, 40),
    ),
    (
        "Chuyên mục nào của cổng thông tin hữu ích nhất với bạn?",
        ["Tin hoạt động", "Văn bản, hướng dẫn", "Công tác tổ chức", "Công tác cán bộ"],
        (-75, -25),
    ),
]  # fmt: skip


def _polls(chief, rng: random.Random) -> list[Poll]:
    """The polls, their options and the votes cast (each vote a row, each option's count equal to its rows)."""
    today = timezone.localdate()

    def at(days: int, hour: time) -> datetime:
        # Whole office days: open from 7:00, closed at the end of the day, whatever the hour of seeding.
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), hour))

    polls = []
    for question, options, (opens, closes) in POLLS:
        poll = Poll.objects.create(
            question=question,
            opens_at=at(opens, time(7, 0)),
            closes_at=at(closes, time(23, 59, 59)),
            is_active=True,
            created_by=chief,
        )
        made = Option.objects.bulk_create(
            Option(poll=poll, text=text, position=position) for position, text in enumerate(options, start=1)
        )
        weights = [rng.randint(2, 9) for _ in made]
        chosen = rng.choices(made, weights=weights, k=rng.randint(80, 160))
        Vote.objects.bulk_create(
            Vote(poll=poll, option=option, voter=f"demo-{poll.pk}-{i:04d}", ip=f"10.0.{i // 250}.{i % 250 + 1}")
            for i, option in enumerate(chosen)
        )
        for option in made:
            option.votes = sum(1 for c in chosen if c.pk == option.pk)
        Option.objects.bulk_update(made, ["votes"])
        polls.append(poll)
    return polls
