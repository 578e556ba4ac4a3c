using System.Text;

namespace Integration.Hosting.Orchestration;

internal static class ResourceTable
{
    public static string Format(IReadOnlyList<ResourceSnapshot> snapshot)
    {
        string[] headers = ["Resource", "Type", "State", "URL", "Note"];
        var rows = snapshot.Select(s => new[] { s.Name, s.Type, s.State.ToString(), s.Url ?? "", s.Message ?? "" }).ToList();
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine("  " + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        Line([.. widths.Select(w => new string('-', w))]);
        rows.ForEach(Line);
        return text.ToString().TrimEnd();
    }
}
