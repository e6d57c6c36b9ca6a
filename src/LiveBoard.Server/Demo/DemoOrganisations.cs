using LiveBoard.Core.Competitions;
using static LiveBoard.Core.Competitions.OrganisationKind;

namespace LiveBoard.Server.Demo;

static partial class DemoData
{
    // key, parent key, kind, Chinese, English. Parents come before their children.
    // Real employers where the series names them; generic names where the detail is not public.
    public static readonly (string Key, string? Parent, OrganisationKind Kind, string Zh, string En)[] Organisations =
    [
        ("fed", null, Federation, "上海市总工会", "Shanghai Federation of Trade Unions"),

        ("pudong", "fed", DistrictUnion, "浦东新区总工会", "Pudong New Area Federation of Trade Unions"),
        ("xuhui", "fed", DistrictUnion, "徐汇区总工会", "Xuhui District Federation of Trade Unions"),
        ("minhang", "fed", DistrictUnion, "闵行区总工会", "Minhang District Federation of Trade Unions"),
        ("jiading", "fed", DistrictUnion, "嘉定区总工会", "Jiading District Federation of Trade Unions"),
        ("baoshan", "fed", DistrictUnion, "宝山区总工会", "Baoshan District Federation of Trade Unions"),
        ("huangpu", "fed", DistrictUnion, "黄浦区总工会", "Huangpu District Federation of Trade Unions"),
        ("sast-union", "fed", IndustryUnion, "上海航天局工会", "Shanghai Academy of Spaceflight Technology Trade Union"),
        ("cssc-union", "fed", IndustryUnion, "中船上海船舶工会", "CSSC Shanghai Shipbuilding Trade Union"),
        ("build-union", "fed", IndustryUnion, "上海市建设交通工会", "Shanghai Construction and Transport Trade Union"),
        ("ict-union", "fed", IndustryUnion, "上海市信息通信行业工会", "Shanghai Information and Communications Trade Union"),
        ("household-assoc", "fed", Association, "上海市家庭服务业行业协会", "Shanghai Household Service Industry Association"),
        ("catering-assoc", "fed", Association, "上海市餐饮烹饪行业协会", "Shanghai Catering and Cuisine Association"),
        ("floral-assoc", "fed", Association, "上海市插花花艺协会", "Shanghai Floral Art Association"),
        ("skills-centre", "fed", Institute, "上海市职业技能鉴定中心", "Shanghai Vocational Skills Testing Centre"),

        ("sast800", "sast-union", Institute, "上海航天技术研究院第八〇〇研究所", "SAST 800th Research Institute"),
        ("sast149", "sast-union", Enterprise, "上海航天设备制造总厂有限公司", "Shanghai Aerospace Equipments Manufacturer Co., Ltd."),
        ("jiangnan", "cssc-union", Enterprise, "江南造船(集团)有限责任公司", "Jiangnan Shipyard (Group) Co., Ltd."),
        ("hudong", "cssc-union", Enterprise, "沪东中华造船(集团)有限公司", "Hudong-Zhonghua Shipbuilding (Group) Co., Ltd."),
        ("telecom", "ict-union", Enterprise, "中国电信上海分公司", "China Telecom Shanghai Branch"),
        ("mobile", "ict-union", Enterprise, "中国移动通信集团上海有限公司", "China Mobile Shanghai Co., Ltd."),
        ("cscec8", "build-union", Enterprise, "中建八局第三建设有限公司", "China Construction Eighth Engineering Division Third Construction Co., Ltd."),
        ("scg1", "build-union", Enterprise, "上海建工一建集团有限公司", "Shanghai Construction No. 1 (Group) Co., Ltd."),
        ("jiaoyun", "build-union", Group, "上海交运集团", "Shanghai Jiaoyun Group"),
        ("jiaoyun-bus", "jiaoyun", Enterprise, "上海交运巴士客运(集团)有限公司", "Shanghai Jiaoyun Bus Passenger Transport (Group) Co., Ltd."),
        ("lingang", "pudong", Group, "临港集团", "Lingang Group"),
        ("ssrd", "pudong", Institute, "公安部第三研究所", "Third Research Institute of the Ministry of Public Security"),
        ("bosc", "pudong", Enterprise, "上海银行股份有限公司", "Bank of Shanghai Co., Ltd."),
        ("polytechnic", "pudong", Institute, "上海第二工业大学", "Shanghai Polytechnic University"),
        ("yongda", "pudong", Enterprise, "上海永达汽车集团有限公司", "Shanghai Yongda Automobile Group Co., Ltd."),
        ("pujiang-home", "pudong", Enterprise, "上海浦江家庭服务有限公司", "Shanghai Pujiang Home Services Co., Ltd."),
        ("svw", "jiading", Enterprise, "上汽大众汽车有限公司", "SAIC Volkswagen Automotive Co., Ltd."),
        ("fanuc", "baoshan", Enterprise, "上海发那科机器人有限公司", "Shanghai-FANUC Robotics Co., Ltd."),
        ("baosteel", "baoshan", Enterprise, "宝山钢铁股份有限公司", "Baoshan Iron & Steel Co., Ltd."),
        ("electric", "minhang", Enterprise, "上海电气电站设备有限公司", "Shanghai Electric Power Generation Equipment Co., Ltd."),
        ("jinjiang", "huangpu", Group, "锦江国际集团", "Jin Jiang International"),
        ("jinjiang-hotels", "jinjiang", Enterprise, "上海锦江国际酒店有限公司", "Shanghai Jin Jiang International Hotels Co., Ltd."),
        ("old-restaurant", "huangpu", Enterprise, "上海老饭店", "Shanghai Old Restaurant"),
        ("shencheng-home", "xuhui", Enterprise, "上海申城家政服务有限公司", "Shanghai Shencheng Household Services Co., Ltd."),
        ("botanical", "xuhui", Institute, "上海植物园", "Shanghai Botanical Garden"),
        ("landscape", "xuhui", Enterprise, "上海园林(集团)有限公司", "Shanghai Landscape (Group) Co., Ltd."),

        ("sast800-cnc", "sast800", Team, "八〇〇所数控加工班组", "SAST 800 CNC Machining Team"),
        ("jiangnan-weld", "jiangnan", Team, "江南造船焊接一班", "Jiangnan Shipyard Welding Team 1"),
        ("telecom-install", "telecom", Team, "中国电信浦东装维班组", "China Telecom Pudong Installation Team"),
        ("jinjiang-kitchen", "jinjiang-hotels", Team, "锦江饭店中餐厨房班组", "Jin Jiang Hotel Chinese Kitchen Team"),
    ];
}
