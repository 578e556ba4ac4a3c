namespace Integration.ServiceDefaults.Auth;

/// <summary>The suite's roles. Each is also the name of an authorization policy requiring it.</summary>
public static class Roles
{
    /// <summary>Governance policies, budgets, audit.</summary>
    public const string Admin = "admin";

    /// <summary>Workflow definitions.</summary>
    public const string Designer = "designer";

    /// <summary>Approval decisions.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Connections and connectors.</summary>
    public const string Integrator = "integrator";

    /// <summary>Service-to-service calls; never given to a person.</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Admin, Designer, Reviewer, Integrator, Service];

    /// <summary>Roles a person may hold.</summary>
    public static readonly IReadOnlyList<string> UserRoles = [Admin, Designer, Reviewer, Integrator];
}
