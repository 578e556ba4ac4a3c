using Integration.AppHost;
using Integration.Hosting;
using Integration.Hosting.ApplicationModel;

var builder = DistributedApplication.CreateBuilder(args);

// Signs every bearer token of the suite. Generated on the first local run and kept in AppHost/.state.
var signingKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault(MinLength: 48), secret: true);

// Salts the governance service's Hash operator for personal data; generated and kept like the signing key.
var piiHashSalt = builder.AddParameter("pii-hash-salt", new GenerateParameterDefault(MinLength: 32), secret: true);

// The Sandbox's stand-in credentials (what the SaaS would issue): generated once, kept in AppHost/.state,
// given to the Sandbox and, with the connector service, to the connections that call it.
var zendeskApiToken = builder.AddParameter("zendesk-api-token", new GenerateParameterDefault(MinLength: 32), secret: true);
var zendeskWebhookSecret = builder.AddParameter("zendesk-webhook-secret", new GenerateParameterDefault(MinLength: 32), secret: true);
var salesforceClientSecret = builder.AddParameter("salesforce-client-secret", new GenerateParameterDefault(MinLength: 32), secret: true);
var sapPassword = builder.AddParameter("sap-password", new GenerateParameterDefault(MinLength: 24), secret: true);

var redis = builder.AddRedis("redis", port: Ports.Redis);

var sandbox = builder.AddProject<Projects.Integration_Sandbox>("sandbox")
    .WithHttpEndpoint(port: Ports.Sandbox)
    .WithSuiteDefaults(redis, signingKey)
    .WithEnvironment("Sandbox__Zendesk__ApiToken", zendeskApiToken)
    .WithEnvironment("Sandbox__Zendesk__WebhookSecret", zendeskWebhookSecret)
    .WithEnvironment("Sandbox__Salesforce__ClientSecret", salesforceClientSecret)
    .WithEnvironment("Sandbox__Sap__Password", sapPassword);

var inference = builder.AddProject<Projects.Integration_Inference>("inference")
    .WithHttpEndpoint(port: Ports.Inference)
    .WithSuiteDefaults(redis, signingKey)
    .WithOllamaWhenConfigured(builder);

var governance = builder.AddProject<Projects.Integration_Governance>("governance")
    .WithHttpEndpoint(port: Ports.Governance)
    .WithSuiteDefaults(redis, signingKey)
    .WithEnvironment("Governance__PiiHashSalt", piiHashSalt);

// The default connections point at the Sandbox (Connectors:Connections in its appsettings); for the real systems,
// override their BaseUrl and secrets (Connectors__Connections__zendesk__BaseUrl, …) — configuration only.
var connectors = builder.AddProject<Projects.Integration_Connectors>("connectors")
    .WithHttpEndpoint(port: Ports.Connectors)
    .WithSuiteDefaults(redis, signingKey)
    .WithReference(sandbox)
    .WaitFor(sandbox)
    .WithEnvironment("Connectors__Connections__zendesk__ApiToken", zendeskApiToken)
    .WithEnvironment("Connectors__Connections__zendesk__WebhookSecret", zendeskWebhookSecret)
    .WithEnvironment("Connectors__Connections__salesforce__ClientSecret", salesforceClientSecret)
    .WithEnvironment("Connectors__Connections__sap__Password", sapPassword);

// The Sandbox's Zendesk signs and sends its ticket webhooks to the connectors' intake (no WaitFor: it retries).
sandbox.WithReference(connectors)
    .WithEnvironment("Sandbox__Zendesk__WebhookUrl", "http://connectors/v1/webhooks/zendesk/zendesk");

// Workflows is the only caller of the other services (DESIGN.md: data flows one way through a step).
var workflows = builder.AddProject<Projects.Integration_Workflows>("workflows")
    .WithHttpEndpoint(port: Ports.Workflows)
    // Workflow instances are Orleans grains: silo-to-silo and client ports, clustering through Redis.
    .WithEndpoint("orleans-silo", port: Ports.OrleansSilo, env: "Orleans__Endpoints__SiloPort")
    .WithEndpoint("orleans-gateway", port: Ports.OrleansGateway, env: "Orleans__Endpoints__GatewayPort")
    .WithEnvironment("Orleans__ClusterId", "integration-suite")
    .WithEnvironment("Orleans__ServiceId", "workflows")
    .WithSuiteDefaults(redis, signingKey)
    .WithReference(inference)
    .WithReference(governance)
    .WithReference(connectors)
    .WaitFor(inference)
    .WaitFor(governance)
    .WaitFor(connectors);

// Trigger events (Zendesk webhooks, Salesforce and SAP changes) go from the connectors' outbox to the workflows.
connectors.WithReference(workflows)
    .WithEnvironment("Connectors__EventsTarget", "http://workflows/v1/triggers/events");

builder.AddProject<Projects.Integration_Portal>("portal")
    .WithHttpEndpoint(port: Ports.Portal)
    .WithExternalHttpEndpoints()
    .WithSuiteDefaults(redis, signingKey)
    .WithReference(workflows)
    .WithReference(inference)
    .WithReference(governance)
    .WithReference(connectors)
    .WaitFor(workflows)
    // Local login without an identity provider; a deployment from the manifest has it off.
    .WithEnvironment("Auth__DevTokensEnabled", builder.ExecutionContext.IsRunMode ? "true" : "false");

builder.Build().Run();
