using CsvHelper;

namespace LiveBoard.Server.Setup;

/// Reads a CSV upload into dictionaries keyed by lower-cased header, remembering each row's line number
/// so the per-row error report can point at the line a person sees in their spreadsheet.
static class CsvRows
{
    public sealed record Row(int Line, IReadOnlyDictionary<string, string> Fields)
    {
        public string? this[string name] => Fields.TryGetValue(name.ToLowerInvariant(), out var v) && v.Trim().Length > 0 ? v.Trim() : null;
    }

    public static async Task<(List<Row> Rows, string? Error)> ReadAsync(Stream body, CancellationToken ct)
    {
        // The body stream is not seekable; CsvHelper reads it sequentially and detects the separator (, ; or tab).
        var options = new CsvReaderOptions { TrimWhitespace = true, TrackLineNumbers = true, MaxRecordSize = 64 * 1024 };
        await using var csv = CsvReader.Create(body, options, true);
        var rows = new List<Row>();
        try
        {
            while (await csv.ReadAsync(ct))
            {
                var names = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
                var fields = new Dictionary<string, string>();
                for (var i = 0; i < names.Length; i++) fields[names[i]] = i < csv.FieldCount ? csv.GetString(i) : "";
                if (fields.Values.All(string.IsNullOrWhiteSpace)) continue;
                rows.Add(new Row((int)csv.LineNumber, fields));
            }
            if (rows.Count == 0 && csv.Headers.Count == 0) return (rows, "文件为空或缺少表头 / The file is empty or has no header row");
        }
        catch (CsvFormatException e)
        {
            return (rows, $"CSV 格式错误 / Malformed CSV: {e.Message.Split('\n')[0]}");
        }
        return (rows, null);
    }
}
