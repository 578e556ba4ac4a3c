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

/// <summary>
/// One decision as the audit log keeps it: who (a user or a service), what, under which policy and rule,
/// and the findings by kind and count. Never the personal data itself.
/// </summary>
/// <param name="Reason">Why, in the actor's words with personal data redacted (an admin's reason to override a gate).</param>
/// <param name="ReportedBy">The service that reported a decision it took on the actor's behalf; null for the governance service's own.</param>
public sealed record AuditEvent(
    string Actor,
    IReadOnlyList<string> ActorRoles,
    string Action,
    string Decision,
    string? PolicyVersion = null,
    string? Rule = null,
    IReadOnlyDictionary<string, int>? Findings = null,
    string? Subject = null,
    string? Reason = null,
    string? ReportedBy = null);

/// <summary>An event in the chain: its place (<see cref="Sequence"/>), time, the previous entry's hash and its own.</summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, AuditEvent Event, string PreviousHash, string Hash);

/// <summary>A page of the audit log, newest first, with the cursor of older entries.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditEntry> Items, string? Next, int Scanned);

/// <summary>Whether the hash chain holds from its first entry to its last, and where it broke if it does not.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAtSequence, string? StreamId, string? Reason);
