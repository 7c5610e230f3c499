"""Recipes for the demo workspace: names, places and phrases per language.

Pure data. Company and people names are invented; every email address uses the reserved
``.example`` domain, phone numbers sit in ranges kept for drama and testing where one exists.
Texts are in the client's own language, as a practitioner working in it would write them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    slug: str
    """ASCII name used for the email domain."""
    person: bool = False
    """A private person (often a friend) rather than an organisation."""


@dataclass(frozen=True, slots=True)
class Locale:
    language: str
    zones: tuple[str, ...]
    companies: tuple[Company, ...]
    given: tuple[tuple[str, str], ...]
    """Given names as (written, ASCII for email)."""
    family: tuple[tuple[str, str], ...]
    family_first: bool
    separator: str
    """Between the names: a space, or nothing (Chinese)."""
    phones: tuple[str, ...]
    """Phone patterns, one per zone, with ``{n}`` for four digits (0100-0199)."""
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    chatty_summaries: tuple[str, ...]
    email_summaries: tuple[str, ...]
    promises: tuple[tuple[str, bool], ...]
    """Promise texts, each with ``True`` when it is a large one."""
    projects: tuple[str, ...]
    notes: tuple[str, ...]
    decisions: tuple[str, ...]


ENGLISH_SUMMARIES = (
    "Reviewed progress on the website relaunch",
    "Agreed next steps for the pricing study",
    "Walked through the draft report together",
    "Discussed the budget for next quarter",
    "Planned the workshop agenda",
    "Answered questions about the last invoice",
    "Kick-off for the next phase",
    "Went through the feedback from their team",
)
ENGLISH_PROMISES = (
    ("Send the revised estimate", False),
    ("Share the meeting notes", False),
    ("Deliver the draft report", True),
    ("Book a room for the workshop", False),
    ("Introduce them to a good designer", False),
    ("Send the signed agreement", False),
    ("Fix the checkout bug", True),
    ("Prepare the quarterly review deck", True),
    ("Send two options for the landing page", False),
    ("Call their accountant about the payment schedule", False),
)

LOCALES: tuple[Locale, ...] = (
    Locale(
        language="en",
        zones=("Europe/London", "America/New_York"),
        companies=(
            Company("Harbour & Finch Architects", "harbourfinch"),
            Company("Thameside Dental", "thamesidedental"),
            Company("Brightwell Legal", "brightwell-legal"),
            Company("Marlow Digital", "marlowdigital"),
            Company("Kestrel Logistics", "kestrel-logistics"),
            Company("Oakleaf Bakery", "oakleafbakery"),
            Company("Hudson Yard Media", "hudsonyardmedia"),
            Company("Bleecker Street Studio", "bleeckerstudio"),
            Company("Greenpoint Roasters", "greenpointroasters"),
            Company("Empire Health Partners", "empirehealth"),
            Company("Lexington Capital Advisors", "lexcapital"),
            Company("Sam Whitaker", "whitaker", person=True),
        ),
        given=tuple(
            (n, n.lower())
            for n in (
                "Emma",
                "Oliver",
                "Charlotte",
                "James",
                "Amelia",
                "Harry",
                "Sophie",
                "Daniel",
                "Grace",
                "Michael",
                "Olivia",
                "Ethan",
                "Priya",
                "Marcus",
            )
        ),
        family=tuple(
            (n, n.lower().replace("'", ""))
            for n in (
                "Clarke",
                "Patel",
                "Hughes",
                "Bennett",
                "Walsh",
                "Foster",
                "Murphy",
                "Rossi",
                "Kim",
                "Goldberg",
                "O'Brien",
                "Okafor",
                "Reyes",
                "Lindqvist",
            )
        ),
        family_first=False,
        separator=" ",
        phones=("+44 20 7946 {n}", "+1 212 555 {n}"),
        titles=(
            "Managing Director",
            "Head of Marketing",
            "Operations Manager",
            "CFO",
            "Project Lead",
            "Founder",
        ),
        summaries=ENGLISH_SUMMARIES,
        chatty_summaries=(
            "Long chat about their holiday in Portugal before we got to the agenda",
            "Half the call was about the new puppy; decisions rushed at the end",
            "Caught up on family news, then a quick look at the plan",
        ),
        email_summaries=(
            "Sent the weekly status update",
            "Replied to questions about the timeline",
            "Shared the files they asked for",
            "Confirmed the next meeting",
        ),
        promises=ENGLISH_PROMISES,
        projects=(
            "Website relaunch",
            "Pricing study",
            "Brand refresh",
            "CRM migration",
            "Staff training",
        ),
        notes=(
            "Prefers a short agenda sent the day before.",
            "The CFO decides on budget, not our main contact.",
            "Asked to be invoiced quarterly from now on.",
            "Loves talking about sailing: keep it for the end of the call.",
        ),
        decisions=(
            "Go ahead with option B",
            "Move the launch by two weeks",
            "Keep the budget as it is",
        ),
    ),
    Locale(
        language="ja",
        zones=("Asia/Tokyo",),
        companies=(
            Company("株式会社青葉システム", "aoba-system"),
            Company("山田製作所", "yamada-ss"),
            Company("みなと会計事務所", "minato-kaikei"),
            Company("東雲デザイン株式会社", "shinonome-design"),
            Company("株式会社かえで不動産", "kaede-fudosan"),
            Company("北斗トラベル株式会社", "hokuto-travel"),
            Company("佐藤 健一", "sato-k", person=True),
        ),
        given=(
            ("健一", "kenichi"),
            ("美咲", "misaki"),
            ("翔太", "shota"),
            ("陽子", "yoko"),
            ("大輔", "daisuke"),
            ("由美", "yumi"),
            ("直樹", "naoki"),
            ("彩", "aya"),
            ("拓也", "takuya"),
            ("恵", "megumi"),
        ),
        family=(
            ("佐藤", "sato"),
            ("鈴木", "suzuki"),
            ("高橋", "takahashi"),
            ("田中", "tanaka"),
            ("伊藤", "ito"),
            ("渡辺", "watanabe"),
            ("山本", "yamamoto"),
            ("中村", "nakamura"),
            ("小林", "kobayashi"),
            ("加藤", "kato"),
        ),
        family_first=True,
        separator=" ",
        phones=("+81 3-5555-{n}",),
        titles=(
            "代表取締役",
            "マーケティング部長",
            "総務課長",
            "プロジェクトマネージャー",
            "経理部長",
        ),
        summaries=(
            "ウェブサイト刷新の進捗を確認",
            "価格調査の次のステップを合意",
            "報告書の草案を一緒に確認",
            "来期の予算についてご相談",
            "ワークショップの進行を計画",
            "請求書に関するご質問に回答",
            "新フェーズのキックオフ",
            "先方チームからのフィードバックを確認",
        ),
        chatty_summaries=(
            "ご家族の旅行のお話が長くなり、議題は後半に",
            "ゴルフの話題で盛り上がり、本題は駆け足に",
            "近況報告が中心で、計画の確認は短時間",
        ),
        email_summaries=(
            "週次の進捗報告を送付",
            "スケジュールに関するご質問に返信",
            "ご依頼の資料を共有",
            "次回打ち合わせの日程を確定",
        ),
        promises=(
            ("改訂版のお見積りを送付", False),
            ("議事録を共有", False),
            ("報告書の草案を納品", True),
            ("ワークショップの会場を予約", False),
            ("デザイナーをご紹介", False),
            ("署名済みの契約書を送付", False),
            ("決済画面の不具合を修正", True),
            ("四半期レビュー資料を準備", True),
            ("ランディングページの案を二つ送付", False),
            ("支払いスケジュールについて経理の方にお電話", False),
        ),
        projects=(
            "ウェブサイト刷新",
            "価格戦略の調査",
            "ブランド刷新",
            "顧客管理システム移行",
            "社員研修",
        ),
        notes=(
            "議題は前日までにお送りするのが好ましい。",
            "予算の決裁は部長ではなく社長。",
            "今後は四半期ごとの請求をご希望。",
            "釣りの話が大好き。雑談は最後に。",
        ),
        decisions=("B案で進める", "公開を二週間延期", "予算は現状維持"),
    ),
    Locale(
        language="vi",
        zones=("Asia/Ho_Chi_Minh",),
        companies=(
            Company("Công ty TNHH Sao Mai", "saomai"),
            Company("Cà Phê Phố Cổ", "caphephoco"),
            Company("Nhà hàng Hương Sen", "huongsen"),
            Company("Công ty Cổ phần Minh Phát", "minhphat"),
            Company("Trường Anh ngữ Ánh Dương", "anhduong-edu"),
            Company("Studio Thiết kế Lam", "lamstudio"),
            Company("Nguyễn Văn Hùng", "hung-nv", person=True),
        ),
        given=(
            ("Văn Hùng", "hung"),
            ("Thị Lan", "lan"),
            ("Minh Anh", "anh"),
            ("Thu Trang", "trang"),
            ("Đức Tuấn", "tuan"),
            ("Thị Mai", "mai"),
            ("Ngọc Linh", "linh"),
            ("Văn Dũng", "dung"),
            ("Minh Quang", "quang"),
            ("Thu Hương", "huong"),
        ),
        family=(
            ("Nguyễn", "nguyen"),
            ("Trần", "tran"),
            ("Lê", "le"),
            ("Phạm", "pham"),
            ("Hoàng", "hoang"),
            ("Vũ", "vu"),
            ("Đặng", "dang"),
            ("Bùi", "bui"),
        ),
        family_first=True,
        separator=" ",
        phones=("+84 28 3555 {n}",),
        titles=(
            "Giám đốc",
            "Trưởng phòng Marketing",
            "Kế toán trưởng",
            "Quản lý dự án",
            "Nhà sáng lập",
        ),
        summaries=(
            "Rà soát tiến độ làm lại website",
            "Thống nhất bước tiếp theo cho khảo sát giá",
            "Cùng xem bản nháp báo cáo",
            "Trao đổi về ngân sách quý tới",
            "Lên kế hoạch cho buổi hội thảo",
            "Giải đáp thắc mắc về hóa đơn",
            "Khởi động giai đoạn mới",
            "Xem góp ý từ đội của khách",
        ),
        chatty_summaries=(
            "Nói chuyện rất lâu về chuyến du lịch trước khi vào việc",
            "Phần lớn cuộc gọi là chuyện gia đình, quyết định vội ở cuối",
            "Hỏi thăm nhau là chính, xem kế hoạch rất nhanh",
        ),
        email_summaries=(
            "Gửi cập nhật tiến độ hằng tuần",
            "Trả lời câu hỏi về lịch trình",
            "Gửi tài liệu khách cần",
            "Xác nhận buổi họp tới",
        ),
        promises=(
            ("Gửi bản báo giá đã chỉnh sửa", False),
            ("Chia sẻ biên bản cuộc họp", False),
            ("Bàn giao bản nháp báo cáo", True),
            ("Đặt phòng cho buổi hội thảo", False),
            ("Giới thiệu một nhà thiết kế giỏi", False),
            ("Gửi hợp đồng đã ký", False),
            ("Sửa lỗi trang thanh toán", True),
            ("Chuẩn bị slide đánh giá quý", True),
            ("Gửi hai phương án cho trang đích", False),
            ("Gọi cho kế toán về lịch thanh toán", False),
        ),
        projects=(
            "Làm mới website",
            "Nghiên cứu giá",
            "Làm mới thương hiệu",
            "Chuyển đổi hệ thống CRM",
            "Đào tạo nhân viên",
        ),
        notes=(
            "Thích nhận chương trình họp trước một ngày.",
            "Người quyết định ngân sách là giám đốc tài chính.",
            "Muốn nhận hóa đơn theo quý.",
            "Rất thích nói về bóng đá, để cuối buổi.",
        ),
        decisions=("Chọn phương án B", "Lùi ngày ra mắt hai tuần", "Giữ nguyên ngân sách"),
    ),
    Locale(
        language="zh-Hans",
        zones=("Asia/Shanghai",),
        companies=(
            Company("上海云杉科技有限公司", "yunshan-tech"),
            Company("杭州青禾茶业", "qinghe-tea"),
            Company("深圳星河电子有限公司", "xinghe-elec"),
            Company("北京启明教育咨询", "qiming-edu"),
            Company("成都锦城餐饮管理有限公司", "jincheng-food"),
            Company("苏州云帆设计工作室", "yunfan-design"),
            Company("王丽华", "wang-lh", person=True),
        ),
        given=(
            ("伟", "wei"),
            ("芳", "fang"),
            ("敏", "min"),
            ("静", "jing"),
            ("磊", "lei"),
            ("洋", "yang"),
            ("艳", "yan"),
            ("勇", "yong"),
            ("杰", "jie"),
            ("丽华", "lihua"),
        ),
        family=(
            ("王", "wang"),
            ("李", "li"),
            ("张", "zhang"),
            ("刘", "liu"),
            ("陈", "chen"),
            ("杨", "yang"),
            ("黄", "huang"),
            ("赵", "zhao"),
            ("周", "zhou"),
            ("吴", "wu"),
        ),
        family_first=True,
        separator="",
        phones=("+86 21 5555 {n}",),
        titles=("总经理", "市场总监", "财务经理", "项目经理", "创始人"),
        summaries=(
            "检查网站改版的进度",
            "商定价格调研的下一步",
            "一起过了一遍报告初稿",
            "讨论下季度预算",
            "规划研讨会议程",
            "解答关于发票的问题",
            "新阶段启动会",
            "查看客户团队的反馈",
        ),
        chatty_summaries=(
            "先聊了很久假期的事，后半段才进入正题",
            "大部分时间在聊家常，最后匆忙做了决定",
            "以叙旧为主，计划只简单看了一下",
        ),
        email_summaries=(
            "发送每周进度更新",
            "回复关于时间安排的问题",
            "发送客户要的资料",
            "确认下次会议时间",
        ),
        promises=(
            ("发送修改后的报价", False),
            ("分享会议纪要", False),
            ("交付报告初稿", True),
            ("预订研讨会场地", False),
            ("介绍一位优秀的设计师", False),
            ("发送已签署的合同", False),
            ("修复结账页面的错误", True),
            ("准备季度回顾材料", True),
            ("发送落地页的两个方案", False),
            ("就付款安排给对方财务打电话", False),
        ),
        projects=("网站改版", "定价研究", "品牌焕新", "CRM系统迁移", "员工培训"),
        notes=(
            "希望提前一天收到会议议程。",
            "预算由财务总监拍板，不是我们的对接人。",
            "以后希望按季度开票。",
            "很喜欢聊足球，留到会议最后。",
        ),
        decisions=("采用方案B", "上线推迟两周", "预算保持不变"),
    ),
    Locale(
        language="nb",
        zones=("Europe/Oslo",),
        companies=(
            Company("Fjordlys AS", "fjordlys"),
            Company("Nordvik Bygg AS", "nordvikbygg"),
            Company("Bakeriet på Grünerløkka", "bakerietgrunerlokka"),
            Company("Havbris Sjømat AS", "havbris"),
            Company("Solberg Regnskap", "solbergregnskap"),
            Company("Tindved Design", "tindved"),
            Company("Ingrid Haugen", "haugen", person=True),
        ),
        given=(
            ("Ingrid", "ingrid"),
            ("Lars", "lars"),
            ("Kari", "kari"),
            ("Ole", "ole"),
            ("Silje", "silje"),
            ("Magnus", "magnus"),
            ("Ingvild", "ingvild"),
            ("Håkon", "hakon"),
            ("Marte", "marte"),
            ("Eirik", "eirik"),
        ),
        family=(
            ("Hansen", "hansen"),
            ("Johansen", "johansen"),
            ("Olsen", "olsen"),
            ("Larsen", "larsen"),
            ("Andersen", "andersen"),
            ("Berg", "berg"),
            ("Haugen", "haugen"),
            ("Bakken", "bakken"),
            ("Solberg", "solberg"),
            ("Lie", "lie"),
        ),
        family_first=False,
        separator=" ",
        phones=("+47 22 55 {n}",),
        titles=("Daglig leder", "Markedssjef", "Økonomisjef", "Prosjektleder", "Gründer"),
        summaries=(
            "Gikk gjennom fremdriften på ny nettside",
            "Ble enige om neste steg i prisundersøkelsen",
            "Gikk gjennom utkastet til rapporten sammen",
            "Diskuterte budsjettet for neste kvartal",
            "Planla agendaen for workshopen",
            "Svarte på spørsmål om fakturaen",
            "Oppstart av neste fase",
            "Så på tilbakemeldingene fra teamet deres",
        ),
        chatty_summaries=(
            "Lang prat om hytteturen før vi kom til saken",
            "Halve samtalen handlet om familien; beslutningene kom i siste liten",
            "Mest en hyggelig oppdatering, kort titt på planen",
        ),
        email_summaries=(
            "Sendte ukentlig statusoppdatering",
            "Svarte på spørsmål om tidsplanen",
            "Delte filene de ba om",
            "Bekreftet neste møte",
        ),
        promises=(
            ("Sende revidert estimat", False),
            ("Dele referatet fra møtet", False),
            ("Levere utkast til rapport", True),
            ("Booke rom til workshopen", False),
            ("Introdusere dem for en god designer", False),
            ("Sende signert avtale", False),
            ("Rette feilen i kassen", True),
            ("Forberede kvartalsgjennomgangen", True),
            ("Sende to forslag til landingssiden", False),
            ("Ringe regnskapsføreren om betalingsplanen", False),
        ),
        projects=(
            "Ny nettside",
            "Prisstudie",
            "Ny merkevareprofil",
            "Migrering av CRM",
            "Opplæring av ansatte",
        ),
        notes=(
            "Vil helst ha agendaen dagen før.",
            "Økonomisjefen bestemmer budsjettet.",
            "Ønsker kvartalsvis fakturering fra nå av.",
            "Snakker gjerne om langrenn, ta det på slutten av møtet.",
        ),
        decisions=(
            "Vi går for alternativ B",
            "Lanseringen flyttes to uker",
            "Budsjettet står fast",
        ),
    ),
)

COLLEAGUES: tuple[str, ...] = ("Alex Morgan", "Chen Jing", "Trần Thùy Linh")
"""Colleagues who own some accounts day to day."""
