namespace LiveBoard.Server.Demo;

static partial class DemoData
{
    static Trade Tiling => new(
        "tiling", "镶贴工", "Tiling", Level3Zh, Level3En,
        "中建八局", "China Construction Eighth Engineering Division",
        "中建八局上海技能实训基地", "CSCEC 8th Division Shanghai Skills Training Base",
        "T", 16, 0.1, ["cscec8", "scg1", "landscape", "lingang"], ["skills-centre", "polytechnic"],
        [new("墙面瓷砖镶贴", "Wall tiling"),
         new("地面拼花镶贴", "Floor mosaic tiling")],
        [new("S1", "工作组织与安全", "Work organisation and safety", 10),
         new("S2", "测量放线", "Setting out", 20),
         new("S3", "镶贴精度", "Tiling accuracy", 40),
         new("S4", "外观与工艺", "Finish and workmanship", 30)],
        [new("A", "尺寸与平整", "Dimensions and flatness",
            M(0, 1, "墙面平整度（2 m 靠尺）", "Wall flatness (2 m straightedge)", 1.5m, "S3", Within(1m, 2m)),
            M(0, 1, "立面垂直度", "Vertical plumb", 1.5m, "S3", Within(1m, 2m)),
            M(1, 1, "接缝高低差 ≤0.5 mm", "Lippage ≤0.5 mm", 1.0m, "S3", Within(0.5m, 1.0m)),
            M(1, 1, "整体尺寸 ±1 mm", "Overall dimensions ±1 mm", 1.0m, "S2", Within(1m, 2m)),
            M(1, 2, "拼花图案定位准确", "Mosaic pattern positioned correctly", 1.0m, "S2")),
         new("B", "外观与工艺", "Finish and workmanship",
            J(0, 1, "缝宽均匀、勾缝饱满", "Joints even, grout full", 1.5m, "S4"),
            J(1, 1, "切割边缘整齐", "Clean cut edges", 1.0m, "S4"),
            J(0, 2, "阴阳角处理", "Internal and external corners", 1.0m, "S4"),
            J(1, 3, "拼花整体效果", "Overall effect of the mosaic", 2.0m, "S4")),
         new("C", "安全与文明施工", "Safety and a clean site",
            J(0, 1, "工具使用与安全防护", "Tool use and protective equipment", 0.5m, "S1"),
            M(1, 3, "完工清理", "Clean-up on completion", 0.5m, "S1"))]);

    static Trade AutomotiveRepair => new(
        "automotive-repair", "汽车维修工", "Automotive repair", Level3Zh, Level3En,
        "市交通委、交运集团", "Shanghai Transport Commission and Jiaoyun Group",
        "交运集团汽车技能实训基地", "Jiaoyun Group Automotive Skills Training Base",
        "A", 22, 0.1, ["jiaoyun-bus", "svw", "yongda", "jiaoyun"], ["skills-centre", "polytechnic", "sast149"],
        [new("发动机机械检修", "Engine mechanical repair"),
         new("电控系统故障诊断", "Electronic control fault diagnosis"),
         new("底盘与车身电气检修", "Chassis and body electrics")],
        [new("S1", "安全与工作组织", "Safety and work organisation", 10),
         new("S2", "维修资料与工具使用", "Service information and tools", 15),
         new("S3", "故障诊断", "Diagnosis", 40),
         new("S4", "维修与调整", "Repair and adjustment", 25),
         new("S5", "沟通与报告", "Communication and reporting", 10)],
        [new("A", "故障诊断", "Diagnosis",
            M(1, 1, "读取并解释故障码", "Fault codes read and interpreted", 1.0m, "S3"),
            M(1, 1, "准确定位故障点", "Fault located precisely", 2.5m, "S3"),
            M(2, 1, "电路测量数据正确", "Circuit measurements correct", 1.5m, "S3"),
            J(1, 2, "诊断思路合理", "Diagnostic reasoning sound", 1.5m, "S3")),
         new("B", "维修与调整", "Repair and adjustment",
            M(0, 1, "气门间隙 0.25 ±0.03 mm", "Valve clearance 0.25 ±0.03 mm", 1.5m, "S4", Within(0.03m, 0.06m)),
            M(0, 1, "螺栓按规定扭矩紧固", "Bolts torqued to specification", 1.0m, "S4"),
            M(2, 2, "四轮定位前束调整到位", "Toe set correctly in wheel alignment", 1.5m, "S4"),
            M(0, 3, "发动机启动、怠速稳定", "Engine starts and idles steadily", 1.0m, "S4")),
         new("C", "规范与沟通", "Practice and communication",
            J(0, 1, "工具与维修手册使用", "Use of tools and the service manual", 1.0m, "S2"),
            J(1, 2, "安全防护与 6S", "Safety and 6S", 0.5m, "S1"),
            J(2, 3, "向客户说明维修结果", "Explaining the repair to the customer", 1.0m, "S5"))])
    {
        ChallengeFinal = true,
        FinalZh = "决赛：上海市首届汽车维修擂台赛",
        FinalEn = "Final: the first Shanghai automotive repair challenge",
    };
}
