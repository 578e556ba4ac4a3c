namespace Integration.Contracts.Governance;

/// <summary>
/// A decision another service took on a person's behalf, for the governance audit (e.g. the inference service's
/// promotion of a model version). The governance service records the reporting service next to it, redacts personal
/// data in the reason, and appends it once per <c>Idempotency-Key</c>.
/// </summary>
/// <param name="Actor">The person who asked (their token's subject).</param>
/// <param name="ActorRoles">Their roles when they asked.</param>
/// <param name="Action">What was done, dotted lowercase (<c>model.promote</c>).</param>
/// <param name="Decision">What came of it (<c>promoted</c>, <c>overridden</c>, <c>refused</c>).</param>
/// <param name="Subject">What it was done to (<c>ticket-classifier v3, replacing v2</c>).</param>
/// <param name="Reason">Why, in the person's words (an override's reason), or the checks that decided.</param>
public sealed record AuditReport(string? Actor, IReadOnlyList<string>? ActorRoles, string? Action, string? Decision, string? Subject, string? Reason);

/// <summary>Where the report went in the chain; <see cref="Duplicate"/> when its key was reported before (nothing was added).</summary>
public sealed record AuditReportReceipt(long Sequence, string Hash, bool Duplicate);
