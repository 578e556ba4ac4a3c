namespace Integration.Portal.Api;

/// <summary>The governance service, as the signed-in admin: policies (save, publish, diff, roll back) and the audit chain.</summary>
public sealed class GovernanceApi(HttpClient http, UserToken token) : ServiceApi(http, token, "governance")
{
    public Task<List<PolicySummaryView>> PoliciesAsync(CancellationToken ct = default) => GetAsync<List<PolicySummaryView>>("/v1/policies/", ct);

    public Task<PolicyHistoryView> PolicyAsync(string name, CancellationToken ct = default) => GetAsync<PolicyHistoryView>($"/v1/policies/{Uri.EscapeDataString(name)}", ct);

    /// <summary>Saves a new draft version from YAML; a policy that does not validate is refused with its errors by path and line.</summary>
    public Task<PolicyVersionView> SaveAsync(string name, string yaml) => PutTextAsync<PolicyVersionView>($"/v1/policies/{Uri.EscapeDataString(name)}", yaml, "application/yaml");

    public Task<PolicyVersionView> PublishAsync(string name, int version) => PostAsync<PolicyVersionView>($"/v1/policies/{Uri.EscapeDataString(name)}/versions/{version}/publish", null);

    public Task<PolicyVersionView> RollbackAsync(string name, int version) => PostAsync<PolicyVersionView>($"/v1/policies/{Uri.EscapeDataString(name)}/rollback", new { version });

    public Task<PolicyDiffView> DiffAsync(string name, int from, int to, CancellationToken ct = default) =>
        GetAsync<PolicyDiffView>($"/v1/policies/{Uri.EscapeDataString(name)}/diff?from={from}&to={to}", ct);

    public Task<BudgetUsageView> BudgetUsageAsync(string workflow, string? department, CancellationToken ct = default) =>
        GetAsync<BudgetUsageView>($"/v1/budgets/usage?workflow={Uri.EscapeDataString(workflow)}" + (string.IsNullOrWhiteSpace(department) ? "" : $"&department={Uri.EscapeDataString(department)}"), ct);

    public Task<AuditVerificationView> VerifyAuditAsync(CancellationToken ct = default) => GetAsync<AuditVerificationView>("/v1/audit/verify", ct);

    /// <summary>A page of the audit log, newest first, filtered; <c>before</c> is the previous page's cursor.</summary>
    public Task<AuditPageView> AuditEntriesAsync(AuditQuery query, CancellationToken ct = default)
    {
        var parameters = new (string Name, string? Value)[]
        {
            ("actor", query.Actor), ("action", query.Action), ("decision", query.Decision), ("from", query.From?.ToString("O")), ("to", query.To?.ToString("O")),
            ("before", query.Before), ("limit", query.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        return GetAsync<AuditPageView>("/v1/audit/entries?" + string.Join("&", parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!.Trim())}")), ct);
    }

    /// <summary>The whole chain as JSON lines, as the service exports it.</summary>
    public Task<byte[]> ExportAuditAsync(CancellationToken ct = default) => GetBytesAsync("/v1/audit/export", ct);
}
