using Integration.Testing;

namespace Integration.Portal.Tests;

/// <summary>Who may call each route of the Portal service.</summary>
public sealed class RouteRoleTableTests(ServiceFactory<Program> service) : RouteRoleTests<Program>(service), IClassFixture<ServiceFactory<Program>>
{
    // Static files (the framework's scripts, MudBlazor's, the designer's) are for anyone: they hold no data.
    protected override bool Include(string pattern) => !pattern.StartsWith("/_content/", StringComparison.Ordinal) &&
        !pattern.StartsWith("/_framework/", StringComparison.Ordinal) && !(pattern.Split('/')[^1] is var last && last.Contains('.') && !last.Contains('{'));

    protected override bool TakesBearerTokens => false;

    protected override string Expected => """
        GET /: signed-in
        POST /: signed-in
        GET /audit: admin
        POST /audit: admin
        GET /budgets: admin
        POST /budgets: admin
        GET /connections: admin, integrator
        POST /connections: admin, integrator
        GET /dashboards: admin, designer
        POST /dashboards: admin, designer
        GET /denied: signed-in
        POST /denied: signed-in
        GET /designer: admin, designer
        POST /designer: admin, designer
        GET /designer/{Id}: admin, designer
        POST /designer/{Id}: admin, designer
        GET /inbox: admin, reviewer
        POST /inbox: admin, reviewer
        GET /instances: admin, designer, reviewer
        POST /instances: admin, designer, reviewer
        GET /instances/{Id}: admin, designer, reviewer
        POST /instances/{Id}: admin, designer, reviewer
        GET /login: anyone
        POST /login: anyone
        GET /login/provider: anyone
        POST /logout: signed-in
        GET /models: admin, designer
        POST /models: admin, designer
        GET /openapi/{documentName}.json: anyone
        GET /policies: admin
        POST /policies: admin
        GET /policies/{Name}: admin
        POST /policies/{Name}: admin
        GET /system/dependencies: admin, service
        GET /system/info: signed-in
        GET /tasks/{Id}: admin, reviewer
        POST /tasks/{Id}: admin, reviewer
        GET /{**path:file}: signed-in
        HEAD /{**path:file}: signed-in
        """;
}
