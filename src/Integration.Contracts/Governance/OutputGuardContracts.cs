using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Contracts.Governance;

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity { Low, Medium, High }

/// <summary>pass, or fail when any finding is of high severity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputDecision>))]
public enum OutputDecision
{
    [JsonStringEnumMemberName("pass")]
    Pass,

    [JsonStringEnumMemberName("fail")]
    Fail,
}

/// <param name="Sources">What the model was given (ticket, retrieved passages): the answer may only use identifiers and personal data found there.</param>
/// <param name="Schema">A JSON Schema the answer must conform to (structured output).</param>
public sealed record OutputGuardRequest(string? Workflow, string? Text, IReadOnlyList<string>? Sources, JsonElement? Schema = null, int? MaxLength = null);

/// <summary>One problem in a model's answer, with where it is. <see cref="Start"/> is -1 for the answer as a whole.</summary>
public sealed record OutputFinding(string Type, Severity Severity, int Start, int Length, string Message);

public sealed record OutputGuardResponse(OutputDecision Decision, IReadOnlyList<OutputFinding> Findings, string? Policy);
