using System.Text.Json;
using System.Text.RegularExpressions;
using Acornima;
using Integration.Workflows.Activities;

namespace Integration.Workflows.Definitions;

/// <summary>
/// Every way a definition can be wrong, each with the JSON path of what is wrong: missing names, unknown activity
/// types, duplicate ids, dangling, duplicate or unknown-outcome connections, unreachable activities, missing required
/// inputs, JavaScript expressions (Jint's parser) and Liquid templates (Fluid) that do not parse, bad cron expressions, and loops that no
/// waiting activity (a gate, a timer) breaks. All errors at once, never only the first.
/// </summary>
public static partial class DefinitionValidator
{
    private static readonly string[] Types = ["string", "number", "boolean", "object", "array"];

    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;

    public static IReadOnlyList<ValidationError> Validate(WorkflowDefinition definition, ActivityCatalog catalog)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(definition.Id) || !Identifier().IsMatch(definition.Id))
        {
            errors.Add(new("$.id", "An id is 1 to 64 lower-case letters, digits and '-', starting with a letter."));
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            errors.Add(new("$.name", "The workflow needs a name."));
        }
        else if (definition.Name.Length > MaxNameLength)
        {
            errors.Add(new("$.name", $"A workflow's name is at most {MaxNameLength} characters."));
        }

        if (definition.Description?.Length > MaxDescriptionLength)
        {
            errors.Add(new("$.description", $"A description is at most {MaxDescriptionLength} characters."));
        }

        CheckNames(errors, "$.inputs", definition.Inputs?.Select(p => (p.Name, p.Type)));
        CheckNames(errors, "$.outputs", definition.Outputs?.Select(p => (p.Name, p.Type)));
        CheckNames(errors, "$.variables", definition.Variables?.Select(v => (v.Name, v.Type)));

        var activities = definition.Activities ?? [];
        if (activities.Count == 0)
        {
            errors.Add(new("$.activities", "A workflow has at least one activity."));
            return errors;
        }

        var byId = new Dictionary<string, (ActivityNode Node, ActivityDescriptor? Descriptor, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < activities.Count; i++)
        {
            var node = activities[i];
            var path = $"$.activities[{i}]";
            var descriptor = catalog.Find(node.Type);
            if (string.IsNullOrWhiteSpace(node.Id))
            {
                errors.Add(new($"{path}.id", "The activity needs an id."));
            }
            else if (!byId.TryAdd(node.Id, (node, descriptor, i)))
            {
                errors.Add(new($"{path}.id", $"The id '{node.Id}' is used by another activity."));
            }

            if (descriptor is null)
            {
                errors.Add(new($"{path}.type", $"'{node.Type}' is not an activity type; see GET /v1/activities."));
                continue;
            }

            CheckInputs(errors, path, node, descriptor);
            if (catalog.Activity(node.Type!) is IChecksItsNode checks)
            {
                errors.AddRange(checks.Problems(node, definition, path));
            }

            CheckRetry(errors, $"{path}.retry", node.Retry);
        }

        if (!byId.Values.Any(a => a.Descriptor?.IsTrigger == true))
        {
            errors.Add(new("$.activities", "A workflow starts with a trigger (trigger.manual, trigger.connectorEvent or trigger.schedule)."));
        }

        var edges = CheckConnections(errors, definition.Connections ?? [], byId);
        CheckReachable(errors, byId, edges);
        CheckLoops(errors, byId, edges, definition.Connections ?? []);
        return errors;
    }

    private static void CheckNames(List<ValidationError> errors, string path, IEnumerable<(string? Name, string? Type)>? entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((name, type), i) in (entries ?? []).Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(name) || !VariableName().IsMatch(name))
            {
                errors.Add(new($"{path}[{i}].name", "A name is a letter followed by letters, digits or '_'."));
            }
            else if (!seen.Add(name))
            {
                errors.Add(new($"{path}[{i}].name", $"'{name}' is declared twice."));
            }

            if (type is null || !Types.Contains(type))
            {
                errors.Add(new($"{path}[{i}].type", $"The type is one of {string.Join(", ", Types)}."));
            }
        }
    }

    private static void CheckInputs(List<ValidationError> errors, string path, ActivityNode node, ActivityDescriptor descriptor)
    {
        var inputs = node.Inputs ?? new Dictionary<string, JsonElement>();
        foreach (var input in descriptor.Inputs)
        {
            var inputPath = $"{path}.inputs.{input.Name}";
            if (!inputs.TryGetValue(input.Name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (input.Required)
                {
                    errors.Add(new(inputPath, $"{descriptor.DisplayName} needs '{input.Name}': {input.Description.TrimEnd('.')}."));
                }

                continue;
            }

            if (input.Kind == InputKind.Literal && LiteralProblem(input, value) is { } wrong)
            {
                errors.Add(new(inputPath, wrong));
                continue;
            }

            if (input.Kind != InputKind.Literal && value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(inputPath, $"'{input.Name}' is {(input.Kind == InputKind.Template ? "a Liquid template" : input.Kind == InputKind.Cron ? "a cron expression" : "a JavaScript expression")} written as a string."));
                continue;
            }

            var problem = input.Kind switch
            {
                InputKind.Expression => ExpressionProblem(value.GetString()!),
                InputKind.Template => TemplateProblem(value.GetString()!),
                InputKind.Cron => CronProblem(value.GetString()!),
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(new(inputPath, problem));
            }
        }

        foreach (var name in inputs.Keys.Where(n => descriptor.Inputs.All(i => i.Name != n)))
        {
            errors.Add(new($"{path}.inputs.{name}", $"{descriptor.DisplayName} has no input '{name}'."));
        }

        if (descriptor.DynamicOutcomes is { } dynamic && inputs.TryGetValue(dynamic, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var (entry, i) in list.EnumerateArray().Select((e, i) => (e, i)))
            {
                if (OutcomeName(entry) is null)
                {
                    errors.Add(new($"{path}.inputs.{dynamic}[{i}]", "Each entry names an outcome (a string, or an object with \"name\")."));
                }

                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("condition", out var condition) &&
                    (condition.ValueKind != JsonValueKind.String || ExpressionProblem(condition.GetString()!) is not null))
                {
                    errors.Add(new($"{path}.inputs.{dynamic}[{i}].condition", ExpressionProblem(condition.ToString()) ?? "The condition is a JavaScript expression."));
                }
            }
        }
    }

    /// <summary>A retry policy the engine can follow: attempts, a first delay it can parse, a backoff that does not shrink.</summary>
    private static void CheckRetry(List<ValidationError> errors, string path, RetryPolicy? retry)
    {
        if (retry is null)
        {
            return;
        }

        if (retry.MaxAttempts is < 1 or > MaxAttempts)
        {
            errors.Add(new($"{path}.maxAttempts", $"From 1 to {MaxAttempts} attempts (1: no retry)."));
        }

        if (!IsDuration(retry.InitialDelay))
        {
            errors.Add(new($"{path}.initialDelay", "An ISO 8601 duration from zero to a day, e.g. PT2S or PT1M."));
        }

        if (retry.BackoffFactor is < 1 or > 10 || double.IsNaN(retry.BackoffFactor))
        {
            errors.Add(new($"{path}.backoffFactor", "A factor from 1 to 10 (1: the same delay each time)."));
        }
    }

    public const int MaxAttempts = 20;

    private static bool IsDuration(string? text)
    {
        try
        {
            return text is { Length: > 0 } && System.Xml.XmlConvert.ToTimeSpan(text) is var delay && delay >= TimeSpan.Zero && delay <= TimeSpan.FromDays(1);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>A literal of the input's JSON type, and one of its choices when it has them.</summary>
    private static string? LiteralProblem(ActivityInput input, JsonElement value)
    {
        var fits = input.Type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "array" => value.ValueKind == JsonValueKind.Array,
            "object" => value.ValueKind == JsonValueKind.Object,
            _ => true,
        };
        if (!fits)
        {
            return $"'{input.Name}' is {(input.Type is "array" or "object" ? "an" : "a")} {input.Type}.";
        }

        return input.Choices is { } choices && !choices.Contains(value.GetString())
            ? $"'{input.Name}' is one of {string.Join(", ", choices)}."
            : null;
    }

    /// <summary>Outcomes of an activity: its fixed ones plus those its cases or branches name.</summary>
    public static IReadOnlyList<string> OutcomesOf(ActivityNode node, ActivityDescriptor descriptor)
    {
        var outcomes = descriptor.Outcomes.ToList();
        if (descriptor.DynamicOutcomes is { } dynamic && node.Inputs?.TryGetValue(dynamic, out var list) == true && list.ValueKind == JsonValueKind.Array)
        {
            outcomes.AddRange(list.EnumerateArray().Select(OutcomeName).OfType<string>());
        }

        return outcomes;
    }

    private static string? OutcomeName(JsonElement entry) => entry.ValueKind switch
    {
        JsonValueKind.String => entry.GetString(),
        JsonValueKind.Object when entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String => name.GetString(),
        _ => null,
    };

    private static Dictionary<string, List<string>> CheckConnections(List<ValidationError> errors, IReadOnlyList<Connection> connections,
        Dictionary<string, (ActivityNode Node, ActivityDescriptor? Descriptor, int Index)> byId)
    {
        var edges = byId.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        var seen = new HashSet<(string?, string?, string?)>();
        for (var i = 0; i < connections.Count; i++)
        {
            var (from, to, outcome) = (connections[i].From, connections[i].To, connections[i].Outcome ?? "done");
            var path = $"$.connections[{i}]";
            var fromKnown = from is not null && byId.ContainsKey(from);
            var toKnown = to is not null && byId.ContainsKey(to);
            if (!fromKnown)
            {
                errors.Add(new($"{path}.from", $"No activity has the id '{from}'."));
            }

            if (!toKnown)
            {
                errors.Add(new($"{path}.to", $"No activity has the id '{to}'."));
            }

            if (!seen.Add((from, outcome, to)))
            {
                errors.Add(new(path, $"The connection {from} --{outcome}--> {to} is there twice."));
                continue;
            }

            if (fromKnown && byId[from!].Descriptor is { } descriptor && !OutcomesOf(byId[from!].Node, descriptor).Contains(outcome))
            {
                errors.Add(new($"{path}.outcome", $"{descriptor.DisplayName} '{from}' has no outcome '{outcome}'; it has {string.Join(", ", OutcomesOf(byId[from!].Node, descriptor).DefaultIfEmpty("none"))}."));
            }

            if (fromKnown && toKnown)
            {
                edges[from!].Add(to!);
                if (byId[to!].Descriptor?.IsTrigger == true)
                {
                    errors.Add(new($"{path}.to", $"'{to}' is a trigger: nothing leads into a trigger."));
                }
            }
        }

        return edges;
    }

    private static void CheckReachable(List<ValidationError> errors, Dictionary<string, (ActivityNode Node, ActivityDescriptor? Descriptor, int Index)> byId,
        Dictionary<string, List<string>> edges)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(byId.Where(a => a.Value.Descriptor?.IsTrigger == true).Select(a => a.Key));
        while (pending.TryPop(out var id))
        {
            if (reached.Add(id))
            {
                foreach (var next in edges[id])
                {
                    pending.Push(next);
                }
            }
        }

        foreach (var (id, (_, descriptor, index)) in byId.Where(a => !reached.Contains(a.Key) && a.Value.Descriptor is not null))
        {
            errors.Add(new($"$.activities[{index}]", $"'{id}' cannot be reached from any trigger."));
        }
    }

    /// <summary>A cycle may only repeat through an activity that waits (a gate, a delay, a timer); otherwise it would spin.</summary>
    private static void CheckLoops(List<ValidationError> errors, Dictionary<string, (ActivityNode Node, ActivityDescriptor? Descriptor, int Index)> byId,
        Dictionary<string, List<string>> edges, IReadOnlyList<Connection> connections)
    {
        foreach (var component in StronglyConnected(edges).Where(c => c.Count > 1 || edges[c[0]].Contains(c[0])))
        {
            // A for-each's iterate branch comes back to it by design: it ends when its items do.
            if (component.Any(id => byId[id].Descriptor?.Waits == true || byId[id].Descriptor?.Type == Activities.Flow.ForEach.TypeName))
            {
                continue;
            }

            var members = component.ToHashSet(StringComparer.Ordinal);
            var index = connections.Select((c, i) => (c, i)).First(x => x.c.From is not null && x.c.To is not null && members.Contains(x.c.From) && members.Contains(x.c.To)).i;
            errors.Add(new($"$.connections[{index}]", $"The loop {string.Join(" → ", component)} has no waiting activity (approval gate, delay, timer) or for-each in it: it would never pause."));
        }
    }

    // Tarjan's algorithm; recursive, which the small graphs of a workflow allow.
    private static List<List<string>> StronglyConnected(Dictionary<string, List<string>> edges)
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var lowest = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        foreach (var node in edges.Keys.Where(n => !indices.ContainsKey(n)).ToList())
        {
            Visit(node);
        }

        return components;

        void Visit(string node)
        {
            indices[node] = lowest[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges[node])
            {
                if (!indices.ContainsKey(next))
                {
                    Visit(next);
                    lowest[node] = Math.Min(lowest[node], lowest[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowest[node] = Math.Min(lowest[node], indices[next]);
                }
            }

            if (lowest[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                component.Reverse();
                components.Add(component);
            }
        }
    }

    /// <summary>Deeper than this, an expression is refused before it is parsed: the parser recurses once per level.</summary>
    public const int MaxExpressionNesting = 64;

    public static string? ExpressionProblem(string expression)
    {
        if (NestingDepth(expression) > MaxExpressionNesting)
        {
            return $"The JavaScript expression is nested more than {MaxExpressionNesting} brackets deep.";
        }

        try
        {
            new Parser().ParseExpression(expression);
            return null;
        }
        catch (ParseErrorException e)
        {
            return $"The JavaScript expression does not parse: {e.Description} (column {e.Column}).";
        }
        catch (InsufficientExecutionStackException)
        {
            return "The JavaScript expression is nested too deeply to parse.";
        }
    }

    /// <summary>The deepest nesting of (), [] and {} outside string literals.</summary>
    public static int NestingDepth(string expression)
    {
        int depth = 0, deepest = 0;
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is { } open)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == open)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is ')' or ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
        }

        return deepest;
    }

    public static string? TemplateProblem(string template)
    {
        try
        {
            return Runtime.Templates.Parse(template, out var error) is null ? $"The Liquid template does not parse: {error}" : null;
        }
        catch (InsufficientExecutionStackException)
        {
            return "The Liquid template is nested too deeply to parse.";
        }
    }

    private static string? CronProblem(string cron)
    {
        try
        {
            Activities.Triggers.ScheduleTrigger.Parse(cron);
            return null;
        }
        catch (Cronos.CronFormatException e)
        {
            return $"The cron expression does not parse: {e.Message}";
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex VariableName();
}
