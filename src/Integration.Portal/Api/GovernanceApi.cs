namespace Integration.Portal.Api;

/// <summary>The governance service, as the signed-in admin: policies (save, publish, diff, roll back) and the audit chain.</summary>
public sealed class GovernanceApi(HttpClient http, UserToken token) : ServiceApi(http, token, "governance")
{
    public Task<List<PolicySummary>> PoliciesAsync(CancellationToken ct = default) => GetAsync<List<PolicySummary>>(GovernanceApiRoutes.Policies + "/", ct);

    public Task<PolicyHistory> PolicyAsync(string name, CancellationToken ct = default) => GetAsync<PolicyHistory>(GovernanceApiRoutes.Policy(name), ct);

    /// <summary>Saves a new draft version from YAML; a policy that does not validate is refused with its errors by path and line.</summary>
    public Task<PolicyVersionView> SaveAsync(string name, string yaml) => PutTextAsync<PolicyVersionView>(GovernanceApiRoutes.Policy(name), yaml, "application/yaml");

    public Task<PolicyVersionView> PublishAsync(string name, int version) => PostAsync<PolicyVersionView>(GovernanceApiRoutes.Publish(name, version), null);

    public Task<PolicyVersionView> RollbackAsync(string name, int version) => PostAsync<PolicyVersionView>(GovernanceApiRoutes.Rollback(name), new RollbackRequest(version));

    public Task<PolicyDiff> DiffAsync(string name, int from, int to, CancellationToken ct = default) =>
        GetAsync<PolicyDiff>(GovernanceApiRoutes.Diff(name, from, to), ct);

    public Task<BudgetUsageResponse> BudgetUsageAsync(string workflow, string? department, CancellationToken ct = default) =>
        GetAsync<BudgetUsageResponse>($"{GovernanceApiRoutes.BudgetUsage}?workflow={Uri.EscapeDataString(workflow)}" + (string.IsNullOrWhiteSpace(department) ? "" : $"&department={Uri.EscapeDataString(department)}"), ct);

    public Task<AuditVerification> VerifyAuditAsync(CancellationToken ct = default) => GetAsync<AuditVerification>(GovernanceApiRoutes.AuditVerify, ct);

    /// <summary>A page of the audit log, newest first, filtered; <c>before</c> is the previous page's cursor.</summary>
    public Task<AuditLogPage> AuditEntriesAsync(AuditQuery query, CancellationToken ct = default)
    {
        var parameters = new (string Name, string? Value)[]
        {
            ("actor", query.Actor), ("action", query.Action), ("decision", query.Decision), ("from", query.From?.ToString("O")), ("to", query.To?.ToString("O")),
            ("before", query.Before), ("limit", query.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        return GetAsync<AuditLogPage>(GovernanceApiRoutes.AuditEntries + "?" + string.Join("&", parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!.Trim())}")), ct);
    }

    /// <summary>The whole chain as JSON lines, as the service exports it.</summary>
    public Task<byte[]> ExportAuditAsync(CancellationToken ct = default) => GetBytesAsync(GovernanceApiRoutes.AuditExport, ct);
}

/// <summary>What the audit page asks for: exact actor, action and decision, a time range, a page size and the cursor of older entries.</summary>
public sealed record AuditQuery(string? Actor, string? Action, string? Decision, DateTimeOffset? From, DateTimeOffset? To, string? Before = null, int Limit = 50);
