using System.Globalization;
using System.Text;
using CsvHelper;

namespace LiveBoard.Server.Hosting;

/// CSV written for spreadsheets: names come from uploads, so formula-like text is escaped (CSV injection).
public static class CsvFiles
{
    public static string Write(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        // CsvHelper's own escape would also turn a negative number ("-0.22") into text; Cell decides instead.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.None }, true))
        {
            csv.WriteHeader(header);
            foreach (var row in rows) csv.WriteRecord(row.Select(Cell).ToArray());
        }
        return text.ToString();
    }

    /// A number is written as it is; text starting with = + - @ tab or CR, which a spreadsheet would run as a formula,
    /// gets a leading apostrophe. Characters a spreadsheet cannot hold (NUL and other controls) are dropped.
    public static string Cell(string value)
    {
        value = TextRules.ForXml(value);
        if (value.Length == 0 || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')) return value;
        return decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? value : "'" + value;
    }

    /// A download with a byte order mark, which Excel needs to read the Chinese names as UTF-8.
    public static IResult Download(string csv, string fileName) =>
        TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", fileName);

    public static string Inv(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
