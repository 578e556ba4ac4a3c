using System.Text.Json.Serialization;

namespace Integration.Contracts.Governance;

/// <summary>Kinds of personal data the input guard recognizes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PiiType>))]
public enum PiiType
{
    Email,
    Phone,
    CreditCard,
    Iban,
    UsSsn,
    IpAddress,
    PersonName,
    PostalAddress,

    /// <summary>Found by a recognizer a policy defines; the entity's label names it.</summary>
    Custom,
}

/// <summary>What to do with each kind of personal data found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedactionOperator>))]
public enum RedactionOperator
{
    /// <summary>A reversible placeholder (<c>&lt;EMAIL_1&gt;</c>); the mapping goes back to the caller only.</summary>
    Replace,

    /// <summary>Stars, keeping the last four characters of long values (<c>************1111</c>).</summary>
    Mask,

    /// <summary>A salted SHA-256 prefix (<c>&lt;EMAIL:3f9a1c2b&gt;</c>): equal values stay equal, nothing is reversible.</summary>
    Hash,

    /// <summary>Removed.</summary>
    Drop,
}

[JsonConverter(typeof(JsonStringEnumConverter<InjectionAction>))]
public enum InjectionAction { Flag, RequireApproval, Deny }

/// <summary>What the input guard decided: the text may go to the model, only with a human's approval, or not at all.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GuardDecision>))]
public enum GuardDecision
{
    [JsonStringEnumMemberName("allow")]
    Allow,

    [JsonStringEnumMemberName("require-approval")]
    RequireApproval,

    [JsonStringEnumMemberName("deny")]
    Deny,
}

/// <param name="Backend">Where the model runs (an inference backend's name), for allow-list entries "backend:NAME".</param>
public sealed record InputGuardRequest(
    string? Workflow, string? Text, string? Model, IReadOnlyDictionary<PiiType, RedactionOperator>? Operators = null, string? Backend = null);

/// <summary>A phrase that reads as an attempt to steer the model, where it stands and what it weighs.</summary>
public sealed record InjectionEvidence(string Signal, int Start, int Length, double Weight);

public sealed record InjectionResult(double Score, IReadOnlyList<InjectionEvidence> Evidence, double Threshold, InjectionAction Action, bool Triggered);

/// <summary>One piece of personal data the guard replaced: where it stood, how, and with what (never the value itself).</summary>
public sealed record RedactedEntity(PiiType Type, int Start, int Length, RedactionOperator Operator, string Replacement, string? Label = null);

/// <param name="Text">What may go to the model: the redacted text; null when denied.</param>
/// <param name="Placeholders">What each placeholder stands for, for the caller only (it puts the values back toward a SaaS).</param>
/// <param name="DataClass">public, internal, confidential or restricted.</param>
public sealed record InputGuardResponse(
    GuardDecision Decision, IReadOnlyList<string> Reasons, string DataClass, string? Text, IReadOnlyList<RedactedEntity> Entities,
    IReadOnlyDictionary<string, string> Placeholders, IReadOnlyDictionary<PiiType, int> Counts, InjectionResult Injection, string? Policy);
