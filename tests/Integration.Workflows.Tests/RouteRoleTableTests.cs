using Integration.Testing;

namespace Integration.Workflows.Tests;

/// <summary>Who may call each route of the Workflows service.</summary>
public sealed class RouteRoleTableTests(WorkflowsFactory service) : RouteRoleTests<Program>(service), IClassFixture<WorkflowsFactory>
{
    protected override string Expected => """
        GET /openapi/{documentName}.json: anyone
        GET /system/dependencies: admin, service
        GET /system/info: signed-in
        GET /v1/activities: signed-in
        GET /v1/activities/{type}: signed-in
        GET /v1/approvals/inbox: signed-in
        GET /v1/approvals/{id}: signed-in
        POST /v1/approvals/{id}/claim: admin, reviewer
        POST /v1/approvals/{id}/decide: admin, reviewer
        POST /v1/approvals/{id}/reveal: admin, reviewer
        GET /v1/cluster/silos: admin
        GET /v1/definitions/: signed-in
        GET /v1/definitions/schema: signed-in
        POST /v1/definitions/validate: signed-in
        GET /v1/definitions/{id}: signed-in
        PUT /v1/definitions/{id}: admin, designer
        POST /v1/definitions/{id}/unpublish: admin, designer
        GET /v1/definitions/{id}/versions: signed-in
        GET /v1/definitions/{id}/versions/{version:int}: signed-in
        POST /v1/definitions/{id}/versions/{version:int}/publish: admin, designer
        GET /v1/experiments/{workflow}/{step}: admin, designer
        GET /v1/feedback/examples: admin, designer
        GET /v1/feedback/export: admin, designer
        GET /v1/feedback/records: admin, designer
        GET /v1/instances/: signed-in
        GET /v1/instances/{id}: signed-in
        POST /v1/instances/{id}/cancel: admin, designer
        POST /v1/instances/{id}/retry: admin, designer
        GET /v1/kpis/{definitionId}: admin, designer
        GET /v1/kpis/{definitionId}/daily: admin, designer
        POST /v1/triggers/events: service
        POST /v1/workflows/{definitionId}/instances: admin, designer, service
        GET /v1/workflows/{definitionId}/instances/by-key/{businessKey}: signed-in
        """;
}
