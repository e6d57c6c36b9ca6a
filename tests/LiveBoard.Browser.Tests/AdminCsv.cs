using System.Text;

namespace LiveBoard.Browser.Tests;

/// Spreadsheets an organiser would upload on the admin pages (line 1 is the header, so data starts on line 2).
static class AdminCsv
{
    /// What Excel on Chinese Windows writes for "CSV (逗号分隔)".
    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    public const string Scheme = """
        criterion,criterionZh,criterionEn,subCriterion,subCriterionZh,subCriterionEn,module,aspect,type,maxMark,descriptionZh,descriptionEn,descriptor0,descriptor1,descriptor2,descriptor3,bands
        A,编程与示教,Programming and teaching,A1,轨迹示教,Path teaching,P1,A1.1,M,2.00,轨迹点位精度,Point accuracy,,,,,0.5:1;1:0.5
        A,编程与示教,Programming and teaching,A1,轨迹示教,Path teaching,P1,A1.2,M,1.00,程序完整运行,Program runs to the end,,,,,
        B,安全与规范,Safety and practice,B1,安全操作,Safe operation,P1,B1.1,J,3.00,安全规范操作,Works safely,未达要求,基本达到,良好,优秀,

        """;

    public const string Competitors = """
        bib,nameZh,nameEn,organisation,mentorZh,mentorEn,medalEligible
        R-01,张伟,Zhang Wei,临港集团,王建国,Wang Jianguo,是
        R-02,李娜,Li Na,临港集团,,,是
        R-03,欧阳明轩,Ouyang Mingxuan,Lingang Group,,,否

        """;

    /// Line 2 is good; line 3 names an unknown organisation, line 4 repeats line 2's bib, line 5 has no Chinese name.
    public const string BadCompetitors = """
        bib,nameZh,nameEn,organisation
        C-05,赵磊,Zhao Lei,Shanghai Electric
        C-06,孙丽,Sun Li,不存在的公司
        C-05,周杰,Zhou Jie,上海电气集团
        C-07,,Wu Fang,上海电气集团

        """;

    /// Line 3 has an unknown aspect type; line 4 an unknown module and a maximum that is not a number.
    public const string BadScheme = """
        criterion,subCriterion,module,aspect,type,maxMark,descriptionZh,descriptionEn
        A,A1,P1,A1.1,M,1.00,孔距,Hole spacing
        A,A1,P1,A1.2,X,2.00,平面度,Flatness
        A,A1,P9,A1.3,M,abc,表面粗糙度,Surface roughness

        """;
}
