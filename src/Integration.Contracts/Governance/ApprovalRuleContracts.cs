using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Contracts.Governance;

/// <summary>What a policy's approval rules decide for a gate: go on without a human, a human decides, or refuse.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalOutcome>))]
public enum ApprovalOutcome
{
    [JsonStringEnumMemberName("auto-approve")]
    AutoApprove,

    [JsonStringEnumMemberName("human")]
    Human,

    [JsonStringEnumMemberName("deny")]
    Deny,
}

/// <param name="Context">What the rules' expressions read (e.g. <c>confidence</c>, <c>findings.total</c>); an approval gate sends an <see cref="ApprovalGateContext"/>.</param>
public sealed record ApprovalDecideRequest(string? Workflow, JsonElement Context);

/// <summary>What an approval gate tells the rules about the proposal under review.</summary>
/// <param name="Findings">What the input guard found in the instance so far.</param>
/// <param name="Grounded">Whether the proposal says its reply cites the knowledge base (its <c>grounded</c> field); null when it does not say.</param>
public sealed record ApprovalGateContext(double? Confidence, string? Category, GateFindings Findings, bool? Grounded = null);

public sealed record GateFindings(int Total, int Pii, int Injection);

/// <param name="Role">Who must approve, when a human must.</param>
/// <param name="Rule">The rule that decided, or the default that did.</param>
public sealed record ApprovalDecideResponse(ApprovalOutcome Decision, string? Role, string Rule, string? Policy);
