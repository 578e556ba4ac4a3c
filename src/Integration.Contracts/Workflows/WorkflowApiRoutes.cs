namespace Integration.Contracts.Workflows;

/// <summary>The workflow service's public routes: the prefixes it maps, and the paths its callers (the Portal) build from them.</summary>
public static class WorkflowApiRoutes
{
    public const string Activities = "/v1/activities";
    public const string Definitions = "/v1/definitions";
    public const string Instances = "/v1/instances";
    public const string Approvals = "/v1/approvals";
    public const string Kpis = "/v1/kpis";
    public const string Experiments = "/v1/experiments";

    /// <summary>A workflow's instances (start one; find one by its business key), as the service maps it.</summary>
    public const string WorkflowInstances = "/v1/workflows/{definitionId}/instances";

    public static string Definition(string id) => $"{Definitions}/{Uri.EscapeDataString(id)}";

    public static string Versions(string id) => $"{Definition(id)}/versions";

    public static string Version(string id, int version) => $"{Versions(id)}/{version}";

    public static string Instance(string id) => $"{Instances}/{Uri.EscapeDataString(id)}";

    public static string Task(string id) => $"{Approvals}/{Uri.EscapeDataString(id)}";

    public static string Start(string definitionId) => $"/v1/workflows/{Uri.EscapeDataString(definitionId)}/instances";

    public static string Kpi(string workflow) => $"{Kpis}/{Uri.EscapeDataString(workflow)}";

    public static string Experiment(string workflow, string step) => $"{Experiments}/{Uri.EscapeDataString(workflow)}/{Uri.EscapeDataString(step)}";
}
