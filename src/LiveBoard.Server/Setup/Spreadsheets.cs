using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using ExcelDataReader;

namespace LiveBoard.Server.Setup;

/// How an uploaded file was read: `csv` with the encoding found, or `xlsx` with the sheet read.
public sealed record SpreadsheetSource(string Format, string? Encoding, string? Sheet);

/// Reads an uploaded spreadsheet, a CSV file or an Excel workbook, into dictionaries keyed by lower-cased header,
/// remembering each row's line number so the per-row error report points at the line a person sees in their spreadsheet.
/// The kind is chosen by content, not by name or content type: browsers label a CSV file `application/vnd.ms-excel`
/// on a PC with Excel installed, and an `.xlsx` renamed `.csv` is still a zip.
static class Spreadsheets
{
    public sealed record Row(int Line, IReadOnlyDictionary<string, string> Fields)
    {
        public string? this[string name] => Fields.TryGetValue(name.ToLowerInvariant(), out var v) && v.Trim().Length > 0 ? v.Trim() : null;

        /// Whether the file has this column at all (a blank cell in it is still "has").
        public bool Has(string name) => Fields.ContainsKey(name.ToLowerInvariant());
    }

    public sealed record Read(List<Row> Rows, IReadOnlyList<string> Headers, SpreadsheetSource Source, string? Error);

    /// The content types an import takes (routing answers 415 to others). The label does not decide how the file is
    /// read; these are the ones browsers and clients put on a CSV or a workbook: Chromium labels a file it cannot type
    /// as nothing (the admin page then sends application/octet-stream), Windows with Excel labels CSV files application/vnd.ms-excel.
    public static RouteHandlerBuilder AcceptsSpreadsheets(this RouteHandlerBuilder endpoint) =>
        endpoint.Accepts<string>("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-excel", "application/octet-stream");

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // An xlsx is a zip of XML; a few MB of zip can hold gigabytes of XML, so the uncompressed size is checked first.
    const long MaxUnzipped = 100 * 1024 * 1024;

    public static async Task<Read> ReadAsync(Stream body, CancellationToken ct)
    {
        // The body limit (5 MB) bounds this copy; past it the copy throws the 413 problem.
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var span = bytes.Span;
        if (span.StartsWith("PK\x03\x04"u8)) return ReadWorkbook(buffer);
        if (span.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
            return Failed(new SpreadsheetSource("xls", null, null),
                "不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV / Old .xls workbooks are not read: save as .xlsx or CSV in Excel");
        var (text, encoding, error) = Decode(span);
        var source = new SpreadsheetSource("csv", encoding, null);
        return error is not null ? Failed(source, error) : await ReadCsvAsync(text, source, ct);
    }

    /// Valid UTF-8 (with or without a byte-order mark) is UTF-8; UTF-16 announces itself with its mark (Excel's
    /// "Unicode text"); anything else is GB 18030, which is what Excel on Chinese Windows writes for "CSV (逗号分隔)"
    /// and a superset of GBK and GB 2312. GB 18030 can encode every character, so a file that is not valid GB 18030
    /// either is some other encoding and is refused rather than imported with mangled names.
    static (string Text, string? Encoding, string? Error) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) return Strict(StrictUtf8, bytes[3..], "UTF-8 with BOM");
        if (bytes.StartsWith(new byte[] { 0xFF, 0xFE })) return Strict(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16LE");
        if (bytes.StartsWith(new byte[] { 0xFE, 0xFF })) return Strict(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16BE");
        var utf8 = Strict(StrictUtf8, bytes, "UTF-8");
        return utf8.Error is null ? utf8 : Strict(Gb18030, bytes, "GB18030");
    }

    static (string Text, string? Encoding, string? Error) Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return (encoding.GetString(bytes), name, null);
        }
        catch (DecoderFallbackException)
        {
            return ("", null, name.StartsWith("UTF-8") && name != "UTF-8"
                ? "文件不是有效的 UTF-8 / The file is not valid UTF-8"
                : "无法识别文件编码(须为 UTF-8 或 GB18030/GBK)/ Unknown encoding: the file must be UTF-8 or GB18030 (GBK)");
        }
    }

    static readonly Encoding Gb18030;

    static Spreadsheets()
    {
        // .NET has GB 18030 only through the code-page provider; ExcelDataReader's configuration also asks it for cp1252.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    static async Task<Read> ReadCsvAsync(string text, SpreadsheetSource source, CancellationToken ct)
    {
        // CsvHelper detects the separator (, ; or tab).
        var options = new CsvReaderOptions { TrimWhitespace = true, TrackLineNumbers = true, MaxRecordSize = 64 * 1024 };
        await using var csv = CsvReader.Create(new StringReader(text), options, true);
        var rows = new List<Row>();
        string[] names = [];
        try
        {
            while (await csv.ReadAsync(ct))
            {
                names = Headers(csv.Headers);
                var fields = new Dictionary<string, string>();
                for (var i = 0; i < names.Length; i++) fields[names[i]] = i < csv.FieldCount ? csv.GetString(i) : "";
                if (fields.Values.All(string.IsNullOrWhiteSpace)) continue;
                rows.Add(new Row((int)csv.LineNumber, fields));
            }
            if (names.Length == 0) names = Headers(csv.Headers);
            if (rows.Count == 0 && names.Length == 0) return Failed(source, "文件为空或缺少表头 / The file is empty or has no header row");
        }
        catch (CsvFormatException e)
        {
            return Failed(source, $"CSV 格式错误 / Malformed CSV: {e.Message.Split('\n')[0]}");
        }
        return new Read(rows, names, source, null);
    }

    static string[] Headers(IEnumerable<string> headers) => [.. headers.Select(h => h.Trim().ToLowerInvariant())];

    /// The first sheet, with the first non-empty row as the header; line numbers are the sheet's row numbers.
    static Read ReadWorkbook(MemoryStream file)
    {
        var source = new SpreadsheetSource("xlsx", null, null);
        try
        {
            file.Position = 0;
            using (var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true))
            {
                if (zip.Entries.Sum(e => e.Length) > MaxUnzipped) return Failed(source, "工作簿解压后过大 / The workbook is too large once unzipped");
                if (zip.GetEntry("xl/workbook.xml") is null) return Failed(source, "不是 Excel 工作簿(.xlsx)/ Not an Excel workbook (.xlsx)");
            }
            file.Position = 0;
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(file, new ExcelReaderConfiguration { LeaveOpen = true });
            source = source with { Sheet = reader.Name };
            var rows = new List<Row>();
            string[]? names = null;
            var line = 0;
            while (reader.Read())
            {
                line++;
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader.GetValue(i))).ToArray();
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (names is null)
                {
                    names = Headers(cells);
                    continue;
                }
                var fields = new Dictionary<string, string>();
                for (var i = 0; i < names.Length; i++)
                    if (names[i].Length > 0) fields[names[i]] = i < cells.Length ? cells[i].Trim() : "";
                rows.Add(new Row(line, fields));
                // Far past any import's row limit: the importer reports "too many rows" without reading a huge sheet.
                if (rows.Count > 100_000) break;
            }
            return names is null ? Failed(source, "工作表为空或缺少表头 / The first sheet is empty or has no header row")
                : new Read(rows, names, source, null);
        }
        // A damaged or hand-made workbook can fail anywhere inside the zip and XML readers (InvalidDataException,
        // XmlException, ExcelReaderException, and worse for parts that are missing); whatever it is, the file is unreadable.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return Failed(source, "无法读取该 Excel 文件 / The Excel file cannot be read");
        }
    }

    /// Cells as text, as a person sees them: whole numbers without ".0", dates as ISO dates.
    static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.############", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("s", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    static Read Failed(SpreadsheetSource source, string error) => new([], [], source, error);
}
