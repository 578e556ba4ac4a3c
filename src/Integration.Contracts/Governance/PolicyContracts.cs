using System.Text.Json.Serialization;

namespace Integration.Contracts.Governance;

/// <summary>Where the governance service serves policies, budgets and the audit log to admins (and the Portal).</summary>
public static class GovernanceApiRoutes
{
    public const string Policies = "/v1/policies";
    public const string BudgetUsage = "/v1/budgets/usage";
    public const string AuditEntries = "/v1/audit/entries";
    public const string AuditVerify = "/v1/audit/verify";
    public const string AuditExport = "/v1/audit/export";

    public static string Policy(string name) => $"{Policies}/{Uri.EscapeDataString(name)}";

    public static string Publish(string name, int version) => $"{Policy(name)}/versions/{version}/publish";

    public static string Rollback(string name) => $"{Policy(name)}/rollback";

    public static string Diff(string name, int from, int to) => $"{Policy(name)}/diff?from={from}&to={to}";
}

/// <summary>Where a policy version stands: saved, the one in force, or one that was in force before.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyVersionStatus>))]
public enum PolicyVersionStatus
{
    Draft,
    Published,
    Retired,
}

public sealed record PolicySummary(string Name, int LatestVersion, int? PublishedVersion);

/// <summary>One version of a policy as admins read it: its source, what it applies to, its redaction operators, and who did what when.</summary>
public sealed record PolicyVersionView(
    string Name, int Version, PolicyVersionStatus Status, string? Description, IReadOnlyList<string> Workflows,
    IReadOnlyDictionary<PiiType, RedactionOperator> PiiOperators, string CreatedBy, DateTimeOffset CreatedAt,
    string? PublishedBy, DateTimeOffset? PublishedAt, int? RollbackOf, string Source);

public sealed record PolicyHistory(string Name, int? PublishedVersion, IReadOnlyList<PolicyVersionView> Versions);

/// <summary>A line of a diff between two versions' sources: <c>+</c> added, <c>-</c> removed, <c> </c> kept.</summary>
public sealed record DiffLine(char Op, string Text);

public sealed record PolicyDiff(string Name, int From, int To, IReadOnlyList<DiffLine> Lines);

public sealed record RollbackRequest(int? Version);

/// <summary>Today's spend of a workflow (and department) against each budget of the policy in force.</summary>
public sealed record BudgetUsageResponse(string Workflow, string? Department, string? Policy, DateTimeOffset ResetsAt, IReadOnlyList<BudgetUsageView> Usage);
