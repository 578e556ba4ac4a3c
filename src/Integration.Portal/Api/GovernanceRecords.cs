namespace Integration.Portal.Api;

// The governance service's answers, as the Portal reads them (consumer-owned: only what the screens show).

public sealed record PolicySummaryView(string Name, int LatestVersion, int? PublishedVersion);

public sealed record PolicyVersionView(string Name, int Version, string Status, string? Description, IReadOnlyList<string> Workflows, string CreatedBy,
    DateTimeOffset CreatedAt, string? PublishedBy, DateTimeOffset? PublishedAt, int? RollbackOf, string Source);

public sealed record PolicyHistoryView(string Name, int? PublishedVersion, IReadOnlyList<PolicyVersionView> Versions);

public sealed record DiffLineView(char Op, string Text);

public sealed record PolicyDiffView(string Name, int From, int To, IReadOnlyList<DiffLineView> Lines);

public sealed record AuditVerificationView(bool Intact, long EntriesChecked, long? BrokenAtSequence, string? StreamId, string? Reason);

public sealed record BudgetUsageLine(string Budget, string Measure, decimal Used, decimal Limit);

public sealed record BudgetUsageView(string Workflow, string? Department, string? Policy, DateTimeOffset ResetsAt, IReadOnlyList<BudgetUsageLine> Usage);

public sealed record AuditEventView(string Actor, IReadOnlyList<string> ActorRoles, string Action, string Decision, string? PolicyVersion, string? Rule,
    IReadOnlyDictionary<string, int>? Findings, string? Subject, string? Reason = null, string? ReportedBy = null);

public sealed record AuditEntryView(long Sequence, DateTimeOffset At, AuditEventView Event, string PreviousHash, string Hash);

public sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, string? Next, int Scanned);

/// <summary>What the audit page asks for: exact actor, action and decision, a time range, a page size and the cursor of older entries.</summary>
public sealed record AuditQuery(string? Actor, string? Action, string? Decision, DateTimeOffset? From, DateTimeOffset? To, string? Before = null, int Limit = 50);
