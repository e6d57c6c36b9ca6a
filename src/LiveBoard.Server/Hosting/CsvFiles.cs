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
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            csv.WriteHeader(header);
            foreach (var row in rows) csv.WriteRecord(row);
        }
        return text.ToString();
    }

    /// A download with a byte order mark, which Excel needs to read the Chinese names as UTF-8.
    public static IResult Download(string csv, string fileName) =>
        TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", fileName);

    public static string Inv(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
