using Integration.Testing;

namespace Integration.Governance.Tests;

/// <summary>Who may call each route of the Governance service.</summary>
public sealed class RouteRoleTableTests(GovernanceFactory service) : RouteRoleTests<Program>(service), IClassFixture<GovernanceFactory>
{
    protected override string Expected => """
        GET /openapi/{documentName}.json: anyone
        GET /system/dependencies: admin, service
        GET /system/info: signed-in
        POST /v1/approvals/decide: admin, service
        GET /v1/audit/entries: admin
        POST /v1/audit/events: service
        GET /v1/audit/export: admin
        GET /v1/audit/verify: admin
        POST /v1/budgets/consume: service
        GET /v1/budgets/usage: admin, service
        POST /v1/guard/input: admin, service
        POST /v1/guard/output: admin, service
        POST /v1/pii/redact: admin, service
        POST /v1/pii/reveal: service
        GET /v1/policies/: admin, service
        GET /v1/policies/{name}: admin, service
        PUT /v1/policies/{name}: admin
        GET /v1/policies/{name}/diff: admin
        POST /v1/policies/{name}/rollback: admin
        GET /v1/policies/{name}/versions/{version:int}: admin, service
        POST /v1/policies/{name}/versions/{version:int}/publish: admin
        """;
}
