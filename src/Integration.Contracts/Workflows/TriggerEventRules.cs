namespace Integration.Contracts.Workflows;

/// <summary>
/// What makes a trigger event one the workflow service takes: the intake refuses anything else with 400, and the connector
/// service refuses it where it arrives (a webhook, a poll) with the same paths and sentences, so that an event the intake
/// would refuse never waits in the outbox ahead of the good ones behind it.
/// </summary>
public static class TriggerEventRules
{
    public const int MaxIdLength = 200;
    public const int MaxTypeLength = 200;
    public const int MaxSourceLength = 200;
    public const int MaxSubjectLength = 1000;

    /// <summary>Each attribute present where needed and of a sensible length (an event id names an instance; a subject is a reference, not content).</summary>
    public static Dictionary<string, string[]> Problems(TriggerEvent trigger, string prefix = "$")
    {
        var problems = new Dictionary<string, string[]>();
        foreach (var (name, value, required, limit) in new[]
                 {
                     ("id", trigger.Id, true, MaxIdLength), ("type", trigger.Type, true, MaxTypeLength), ("source", trigger.Source, false, MaxSourceLength),
                     ("subject", trigger.Subject, false, MaxSubjectLength),
                 })
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                problems[$"{prefix}.{name}"] = [$"A trigger event has {name}."];
            }
            else if (value?.Length > limit)
            {
                problems[$"{prefix}.{name}"] = [$"{char.ToUpperInvariant(name[0])}{name[1..]} is at most {limit} characters."];
            }
            else if (value?.Any(char.IsControl) == true)
            {
                problems[$"{prefix}.{name}"] = [$"{char.ToUpperInvariant(name[0])}{name[1..]} has no control characters (line breaks, tabs)."];
            }
        }

        return problems;
    }
}
