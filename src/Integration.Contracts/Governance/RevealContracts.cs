namespace Integration.Contracts.Governance;

/// <summary>
/// May this person see the real value behind this placeholder? The workflow service asks for a reviewer; the value itself
/// never goes to the governance service, which decides by the workflow's policy (<c>pii.reveal</c>) and audits the ask.
/// </summary>
/// <param name="Placeholder">As the model saw it: <c>&lt;EMAIL_1&gt;</c>.</param>
/// <param name="Subject">What it is revealed in (an approval task's id), for the audit.</param>
public sealed record RevealRequest(string? Workflow, string? Placeholder, string? Actor, IReadOnlyList<string>? ActorRoles, string? Subject);

/// <param name="Kind">The kind of personal data the placeholder stands for (<c>Email</c>, or a policy recognizer's name).</param>
/// <param name="Reason">Why, in a sentence a reviewer can act on.</param>
public sealed record RevealDecision(bool Allowed, string Kind, string Rule, string? Policy, string Reason);
