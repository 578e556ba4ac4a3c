using System.Text.Json.Nodes;

namespace Integration.Portal.Api;

/// <summary>The workflow service, as the signed-in user: approvals, instances, definitions and KPIs.</summary>
public sealed class WorkflowsApi(HttpClient http, UserToken token) : ServiceApi(http, token, "workflow")
{
    public Task<List<ApprovalTask>> InboxAsync(string order, CancellationToken ct = default) => GetAsync<List<ApprovalTask>>($"{WorkflowApiRoutes.Approvals}/inbox?order={order}", ct);

    public Task<ApprovalTask> TaskAsync(string id, CancellationToken ct = default) => GetAsync<ApprovalTask>(WorkflowApiRoutes.Task(id), ct);

    public Task<ApprovalTask> ClaimAsync(string id) => PostAsync<ApprovalTask>($"{WorkflowApiRoutes.Task(id)}/claim", null);

    public Task<ApprovalTask> DecideAsync(string id, DecisionRequest decision) => PostAsync<ApprovalTask>($"{WorkflowApiRoutes.Task(id)}/decide", decision);

    /// <summary>The value behind a placeholder of the task's case, where the governance policy lets the user see it (403 with its reason otherwise).</summary>
    public Task<RevealedValue> RevealAsync(string id, string placeholder) =>
        PostAsync<RevealedValue>($"{WorkflowApiRoutes.Task(id)}/reveal", new RevealAsk(placeholder));

    public Task<InstancePage> InstancesAsync(InstanceFilter filter, string? cursor, int limit, CancellationToken ct = default) =>
        GetAsync<InstancePage>(WorkflowApiRoutes.Instances + "?" + filter.Query(cursor, limit), ct);

    public Task<InstanceView> InstanceAsync(string id, CancellationToken ct = default) => GetAsync<InstanceView>(WorkflowApiRoutes.Instance(id), ct);

    public Task<InstanceView> CancelAsync(string id) => PostAsync<InstanceView>($"{WorkflowApiRoutes.Instance(id)}/cancel", null);

    public Task<InstanceView> RetryAsync(string id) => PostAsync<InstanceView>($"{WorkflowApiRoutes.Instance(id)}/retry", null);

    public Task<List<DefinitionSummary>> DefinitionsAsync(CancellationToken ct = default) => GetAsync<List<DefinitionSummary>>(WorkflowApiRoutes.Definitions, ct);

    public Task<List<ActivityDescriptor>> ActivitiesAsync(CancellationToken ct = default) => GetAsync<List<ActivityDescriptor>>(WorkflowApiRoutes.Activities, ct);

    public Task<DefinitionView> DefinitionAsync(string id, CancellationToken ct = default) => GetAsync<DefinitionView>(WorkflowApiRoutes.Definition(id), ct);

    public Task<List<DefinitionVersionView>> DefinitionVersionsAsync(string id, CancellationToken ct = default) =>
        GetAsync<List<DefinitionVersionView>>(WorkflowApiRoutes.Versions(id), ct);

    public Task<DefinitionVersionView> DefinitionVersionAsync(string id, int version, CancellationToken ct = default) =>
        GetAsync<DefinitionVersionView>(WorkflowApiRoutes.Version(id, version), ct);

    /// <summary>Saves a new draft version; a definition that is not valid is refused with every error at its JSON path.</summary>
    public Task<DefinitionVersionView> SaveDefinitionAsync(string id, JsonObject definition) =>
        PutTextAsync<DefinitionVersionView>(WorkflowApiRoutes.Definition(id), definition.ToJsonString(), "application/json");

    /// <summary>The service's validation of a definition that is not saved: the errors by JSON path, none when it is valid.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateDefinitionAsync(JsonObject definition, CancellationToken ct = default)
    {
        try
        {
            await PostAsync<JsonObject>($"{WorkflowApiRoutes.Definitions}/validate", definition, ct);
            return new Dictionary<string, string[]>();
        }
        catch (ServiceProblem problem) when (problem.Status == System.Net.HttpStatusCode.BadRequest && problem.Errors.Count > 0)
        {
            return problem.Errors;
        }
    }

    public Task<DefinitionVersionView> PublishDefinitionAsync(string id, int version) =>
        PostAsync<DefinitionVersionView>($"{WorkflowApiRoutes.Version(id, version)}/publish", null);

    public Task<InstanceView> StartAsync(string definitionId, StartRequest request) =>
        PostAsync<InstanceView>(WorkflowApiRoutes.Start(definitionId), request);

    /// <summary>The version's KPIs over the UTC days from..to, or over its whole life without them.</summary>
    public Task<KpiReport> KpisAsync(string workflow, int? version, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default) =>
        GetAsync<KpiReport>(WorkflowApiRoutes.Kpi(workflow) + "?" + string.Join("&", new[]
        {
            version is { } v ? $"version={v}" : null, from is { } f ? $"from={f:yyyy-MM-dd}" : null, to is { } t ? $"to={t:yyyy-MM-dd}" : null,
        }.OfType<string>()), ct);

    /// <summary>Retires a workflow: no version serves any more (the answer names the one that did).</summary>
    public Task<Unpublished> UnpublishAsync(string definitionId) => PostAsync<Unpublished>($"{WorkflowApiRoutes.Definition(definitionId)}/unpublish", null);

    /// <summary>How the arms that answered a model step fared at its gate, judged from <paramref name="from"/> on.</summary>
    public Task<ExperimentReport> ExperimentAsync(string workflow, string step, DateTimeOffset? from, CancellationToken ct = default) =>
        GetAsync<ExperimentReport>(WorkflowApiRoutes.Experiment(workflow, step) +
                                       (from is { } f ? $"?from={Uri.EscapeDataString(f.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}" : ""), ct);

    /// <summary>Instances by outcome for each UTC day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public Task<List<DailyKpis>> DailyKpisAsync(string workflow, int? version, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        GetAsync<List<DailyKpis>>($"{WorkflowApiRoutes.Kpi(workflow)}/daily?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}" + (version is { } v ? $"&version={v}" : ""), ct);
}

/// <summary>The instance list's filters, as the page's query string keeps them (so that a filtered list is a link).</summary>
public sealed record InstanceFilter(string? Workflow, int? Version, string? Status, string? Search, DateTime? From, DateTime? To)
{
    public string Query(string? cursor, int limit)
    {
        var parts = new List<string> { $"limit={limit}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("workflow", Workflow);
        Add("version", Version?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("status", Status);
        Add("search", Search);
        Add("from", From is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)).ToString("O") : null);
        Add("to", To is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).AddDays(1).ToString("O") : null);
        Add("cursor", cursor);
        return string.Join('&', parts);
    }
}
