using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Integration.Portal.Designer;

/// <summary>Where a validation error belongs: an activity (by its place in the definition), a connection, or the workflow.</summary>
public sealed record ProblemLocation(string Path, string Message, int? Activity, string? ActivityId, int? Connection, string Rest)
{
    public string Where => ActivityId is { } id ? $"{id}{Rest}" : Connection is { } c ? $"connection {c + 1}{Rest}" : Path;
}

public static partial class ProblemLocations
{
    public static IReadOnlyList<ProblemLocation> Of(IReadOnlyDictionary<string, string[]> errors, JsonObject definition)
    {
        var activities = definition["activities"] as JsonArray;
        var located = new List<ProblemLocation>();
        foreach (var (path, messages) in errors)
        {
            var match = Indexed().Match(path);
            int? activity = null, connection = null;
            string? activityId = null;
            var rest = "";
            if (match.Success)
            {
                var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                rest = match.Groups["rest"].Value;
                if (match.Groups["list"].Value == "activities")
                {
                    activity = index;
                    activityId = activities?.ElementAtOrDefault(index)?["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                        ? activities[index]!["id"]!.GetValue<string>()
                        : $"activity {index + 1}";
                }
                else
                {
                    connection = index;
                }
            }

            located.AddRange(messages.Select(message => new ProblemLocation(path, message, activity, activityId, connection, rest)));
        }

        return located;
    }

    /// <summary>What the canvas marks: the messages by activity index and by connection index.</summary>
    public static string CanvasJson(IReadOnlyList<ProblemLocation> problems) => new JsonObject
    {
        ["activities"] = Group(problems.Where(p => p.Activity is not null).GroupBy(p => p.Activity!.Value)),
        ["connections"] = Group(problems.Where(p => p.Connection is not null).GroupBy(p => p.Connection!.Value)),
    }.ToJsonString();

    private static JsonObject Group(IEnumerable<IGrouping<int, ProblemLocation>> groups) =>
        new(groups.Select(g => KeyValuePair.Create(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)new JsonArray([.. g.Select(p => (JsonNode)JsonValue.Create(p.Message))]))));

    [GeneratedRegex(@"^\$\.(?<list>activities|connections)\[(?<index>\d+)\](?<rest>.*)$")]
    private static partial Regex Indexed();
}
