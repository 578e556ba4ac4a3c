using Integration.Testing;

namespace Integration.Connectors.Tests;

/// <summary>Who may call each route of the Connectors service.</summary>
public sealed class RouteRoleTableTests(UnpolledConnectorFactory service) : RouteRoleTests<Program>(service), IClassFixture<UnpolledConnectorFactory>
{
    protected override string Expected => """
        GET /openapi/{documentName}.json: anyone
        GET /system/dependencies: admin, service
        GET /system/info: signed-in
        GET /v1/catalog: signed-in
        GET /v1/catalog/{operation}: signed-in
        GET /v1/connections/: admin, integrator
        POST /v1/connections/{name}/test: admin, integrator
        GET /v1/events/: admin, designer, integrator, service
        GET /v1/events/dead-letters/: admin, integrator
        DELETE /v1/events/dead-letters/{id}: admin, integrator
        POST /v1/events/dead-letters/{id}/resubmit: admin, integrator
        GET /v1/events/{id}: service
        POST /v1/operations/{operation}/invoke: admin, integrator, service
        POST /v1/webhooks/zendesk/{connection}: anyone
        """;
}
