namespace LiveBoard.Server.Demo;

static partial class DemoData
{
    static Trade HouseholdServices => new(
        "household-services", "家政服务", "Household services", SpecialZh, SpecialEn,
        "市家庭服务业行业协会", "Shanghai Household Service Industry Association",
        "上海市家政服务实训基地", "Shanghai Household Services Training Base",
        // The Pudong union stands for competitors in flexible employment, who enter through their union.
        "H", 26, 0.85, ["shencheng-home", "pujiang-home", "jinjiang-hotels", "pudong"], ["household-assoc", "skills-centre"],
        [new("居家保洁与收纳", "Home cleaning and organising"),
         new("母婴护理", "Mother and infant care"),
         new("老年照护与膳食", "Elderly care and meals")],
        [new("S1", "职业道德与沟通", "Professional ethics and communication", 20),
         new("S2", "清洁与收纳", "Cleaning and organising", 25),
         new("S3", "照护技能", "Care skills", 40),
         new("S4", "安全与卫生", "Safety and hygiene", 15)],
        [new("A", "清洁与收纳", "Cleaning and organising",
            J(0, 1, "清洁流程与工具选用", "Cleaning sequence and choice of tools", 1.5m, "S2"),
            J(0, 1, "衣物折叠与收纳", "Folding and storing clothes", 1.0m, "S2"),
            M(0, 2, "清洁剂配比正确", "Cleaning solution mixed correctly", 0.5m, "S4")),
         new("B", "照护技能", "Care skills",
            M(1, 1, "婴儿沐浴水温 39 ±1 °C", "Baby bath water at 39 ±1 °C", 1.0m, "S3", Within(1m, 2m)),
            J(1, 1, "婴儿抚触手法", "Infant massage technique", 2.0m, "S3"),
            J(2, 1, "协助老人移位", "Helping an older person to transfer", 2.0m, "S3"),
            M(2, 1, "血压测量读数准确", "Blood pressure read correctly", 1.0m, "S3"),
            J(2, 3, "老年膳食搭配与制作", "Planning and cooking a meal for an older person", 1.5m, "S3")),
         new("C", "职业素养", "Professional conduct",
            J(1, 2, "与雇主沟通礼仪", "Communication and courtesy with the family", 1.0m, "S1"),
            M(0, 2, "居家安全隐患排查", "Household hazards identified", 1.0m, "S4"),
            J(2, 3, "服务意识与应变", "Service attitude and handling the unexpected", 1.0m, "S1"))]);

    static Trade ChineseCuisine => new(
        "chinese-cuisine", "中式烹调师", "Chinese cuisine cook", Level3Zh, Level3En,
        "锦江国际集团、市餐饮协会", "Jin Jiang International and the Shanghai Catering Association",
        "锦江国际集团烹饪实训中心", "Jin Jiang International Culinary Training Centre",
        // Company canteens employ many of the city's cooks, so SAIC Volkswagen and Baosteel send entries.
        "K", 14, 0.3, ["jinjiang-hotels", "jinjiang-kitchen", "old-restaurant", "svw", "baosteel"], ["catering-assoc", "skills-centre"],
        [new("刀工与冷菜拼摆", "Knife skills and cold platter"),
         new("本帮热菜", "Shanghai-style hot dishes"),
         new("创新宴席菜", "Creative banquet dish")],
        [new("S1", "卫生与安全", "Hygiene and safety", 15),
         new("S2", "刀工", "Knife skills", 20),
         new("S3", "烹调技法", "Cooking technique", 35),
         new("S4", "风味与呈现", "Flavour and presentation", 30)],
        [new("A", "刀工", "Knife skills",
            M(0, 1, "土豆丝粗细偏差（标准 2 mm）", "Potato julienne, deviation from 2 mm", 1.0m, "S2", Within(0.3m, 0.6m)),
            J(0, 1, "刀工成型均匀", "Even, uniform cuts", 1.5m, "S2"),
            J(0, 2, "冷菜拼摆造型", "Cold platter arrangement", 1.5m, "S4")),
         new("B", "烹调技法", "Cooking technique",
            J(1, 1, "火候掌握", "Control of heat", 2.0m, "S3"),
            J(1, 1, "浓油赤酱的色泽", "Glaze and colour of the red-braised dish", 1.5m, "S3"),
            M(1, 2, "按时出菜", "Dish served on time", 0.5m, "S3"),
            J(2, 3, "创新技法运用", "Use of innovative technique", 1.5m, "S3")),
         new("C", "口味与呈现", "Flavour and presentation",
            J(1, 1, "口味纯正", "Authentic flavour", 2.0m, "S4"),
            J(2, 1, "装盘美观", "Plating", 1.5m, "S4"),
            J(2, 3, "主题创意", "Theme and creativity", 1.0m, "S4")),
         new("D", "卫生与安全", "Hygiene and safety",
            M(0, 1, "生熟分开、操作台整洁", "Raw and cooked kept apart, clean bench", 1.0m, "S1"),
            J(1, 2, "个人卫生与规范操作", "Personal hygiene and safe practice", 0.5m, "S1"))])
    {
        TrimmedMean = true,
    };

    static Trade FloralArt => new(
        "floral-art", "艺术插花", "Floral art", SpecialZh, SpecialEn,
        "市插花花艺协会", "Shanghai Floral Art Association",
        "上海植物园展览温室", "Shanghai Botanical Garden Exhibition Greenhouse",
        "F", 12, 0.75, ["botanical", "landscape", "jinjiang-hotels", "lingang"], ["floral-assoc", "skills-centre"],
        [new("命题插花（东方式）", "Set-theme arrangement (oriental style)"),
         new("自由创作花艺", "Free creative floral design")],
        [new("S1", "工作组织与环保", "Work organisation and sustainability", 10),
         new("S2", "创意与主题", "Creativity and theme", 30),
         new("S3", "色彩与构图", "Colour and composition", 30),
         new("S4", "技法", "Technique", 30)],
        [new("A", "创意", "Creativity",
            J(0, 1, "主题表达", "Expression of the theme", 2.0m, "S2"),
            J(1, 1, "构思新颖", "Originality of concept", 2.0m, "S2"),
            J(1, 3, "意境与情感", "Mood and feeling", 1.5m, "S2")),
         new("B", "色彩", "Colour",
            J(0, 1, "色彩搭配协调", "Harmonious colour combination", 1.5m, "S3"),
            J(1, 2, "色彩层次", "Depth of colour", 1.0m, "S3")),
         new("C", "构图与技法", "Composition and technique",
            J(0, 1, "比例与平衡", "Proportion and balance", 1.5m, "S3"),
            J(1, 1, "花材处理与固定", "Conditioning and fixing of materials", 1.5m, "S4"),
            M(0, 1, "作品尺寸不超过 60 cm", "Within the 60 cm size limit", 0.5m, "S4"),
            J(1, 2, "技法难度", "Technical difficulty", 1.0m, "S4"),
            M(1, 3, "作品稳固、无花材脱落", "Stable, nothing falls out", 0.5m, "S4")),
         new("D", "环保与整洁", "Sustainability and tidiness",
            J(0, 2, "环保材料与清场", "Sustainable materials and clean-up", 0.5m, "S1"))])
    {
        TrimmedMean = true,
    };
}
