using Integration.Testing;

namespace Integration.Sandbox.Tests;

/// <summary>Who may call each route of the Sandbox service.</summary>
public sealed class RouteRoleTableTests(SandboxFactory service) : RouteRoleTests<Program>(service), IClassFixture<SandboxFactory>
{
    protected override string Expected => """
        GET /oidc/.well-known/openid-configuration: anyone
        GET /oidc/authorize: anyone
        POST /oidc/authorize: anyone
        GET /oidc/jwks: anyone
        GET /oidc/logout: anyone
        POST /oidc/token: anyone
        GET /openapi/{documentName}.json: anyone
        GET /salesforce/services/data: anyone
        GET /salesforce/services/data/{version}/composite/sobjects/{sobject}: anyone
        POST /salesforce/services/data/{version}/composite/sobjects/{sobject}: anyone
        GET /salesforce/services/data/{version}/limits: anyone
        GET /salesforce/services/data/{version}/query: anyone
        GET /salesforce/services/data/{version}/query/{locator}: anyone
        GET /salesforce/services/data/{version}/queryAll: anyone
        GET /salesforce/services/data/{version}/sobjects: anyone
        GET /salesforce/services/data/{version}/sobjects/{sobject}: anyone
        POST /salesforce/services/data/{version}/sobjects/{sobject}: anyone
        GET /salesforce/services/data/{version}/sobjects/{sobject}/describe: anyone
        GET /salesforce/services/data/{version}/sobjects/{sobject}/{field}/{value}: anyone
        PATCH /salesforce/services/data/{version}/sobjects/{sobject}/{field}/{value}: anyone
        DELETE /salesforce/services/data/{version}/sobjects/{sobject}/{id}: anyone
        GET /salesforce/services/data/{version}/sobjects/{sobject}/{id}: anyone
        PATCH /salesforce/services/data/{version}/sobjects/{sobject}/{id}: anyone
        POST /salesforce/services/oauth2/token: anyone
        DELETE /sandbox/faults/: admin, integrator
        GET /sandbox/faults/: admin, integrator
        PUT /sandbox/faults/: admin, integrator
        POST /sandbox/salesforce/sessions/expire: admin, integrator
        POST /sandbox/zendesk/tickets/generate: admin, integrator
        GET /sap/opu/odata/sap/{service}/: anyone
        HEAD /sap/opu/odata/sap/{service}/: anyone
        DELETE /sap/opu/odata/sap/{service}/{**path}: anyone
        GET /sap/opu/odata/sap/{service}/{**path}: anyone
        HEAD /sap/opu/odata/sap/{service}/{**path}: anyone
        MERGE /sap/opu/odata/sap/{service}/{**path}: anyone
        PATCH /sap/opu/odata/sap/{service}/{**path}: anyone
        POST /sap/opu/odata/sap/{service}/{**path}: anyone
        PUT /sap/opu/odata/sap/{service}/{**path}: anyone
        GET /system/dependencies: admin, service
        GET /system/info: signed-in
        GET /zendesk/api/v2/incremental/tickets/cursor: anyone
        GET /zendesk/api/v2/incremental/tickets/cursor.json: anyone
        GET /zendesk/api/v2/search: anyone
        GET /zendesk/api/v2/search.json: anyone
        GET /zendesk/api/v2/tickets: anyone
        POST /zendesk/api/v2/tickets: anyone
        GET /zendesk/api/v2/tickets.json: anyone
        POST /zendesk/api/v2/tickets.json: anyone
        GET /zendesk/api/v2/tickets/count: anyone
        GET /zendesk/api/v2/tickets/count.json: anyone
        GET /zendesk/api/v2/tickets/show_many: anyone
        GET /zendesk/api/v2/tickets/show_many.json: anyone
        GET /zendesk/api/v2/tickets/{id:long}: anyone
        PUT /zendesk/api/v2/tickets/{id:long}: anyone
        GET /zendesk/api/v2/tickets/{id:long}.json: anyone
        PUT /zendesk/api/v2/tickets/{id:long}.json: anyone
        GET /zendesk/api/v2/tickets/{id:long}/comments: anyone
        GET /zendesk/api/v2/tickets/{id:long}/comments.json: anyone
        GET /zendesk/api/v2/users: anyone
        GET /zendesk/api/v2/users.json: anyone
        GET /zendesk/api/v2/users/{id:long}: anyone
        GET /zendesk/api/v2/users/{id:long}.json: anyone
        """;
}
