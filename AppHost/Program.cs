using Integration.AppHost;
using Integration.AppHost.Redis;
using Integration.AppHost.Supervision;
using Integration.AppHost.Terminal;
using Integration.Contracts.Connectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Signs every bearer token of the suite. Generated on the first local run and kept in the app host's user secrets.
var signingKey = builder.AddGeneratedSecret("jwt-signing-key", minLength: 48);

// Salts the governance service's Hash operator for personal data; generated and kept like the signing key.
var piiHashSalt = builder.AddGeneratedSecret("pii-hash-salt", minLength: 32);

// The Sandbox's stand-in credentials (what the SaaS would issue): generated once and kept, given to the Sandbox and,
// with the connector service, to the connections that call it.
var zendeskApiToken = builder.AddGeneratedSecret("zendesk-api-token", minLength: 32);
var zendeskWebhookSecret = builder.AddGeneratedSecret("zendesk-webhook-secret", minLength: 32);
var salesforceClientSecret = builder.AddGeneratedSecret("salesforce-client-secret", minLength: 32);
var sapPassword = builder.AddGeneratedSecret("sap-password", minLength: 24);

var redis = builder.AddSuiteRedis("redis", port: Ports.Redis);

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

// Promotion decisions go from the inference service's outbox to the governance audit (no WaitFor: they wait in the outbox).
inference.WithReference(governance)
    .WithEnvironment("Inference__AuditTarget", "http://governance");

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
    .WithEnvironment("Sandbox__Zendesk__WebhookUrl", "http://connectors" + ConnectorRoutes.ZendeskWebhook("zendesk"));

// Workflow instances are Orleans grains: membership, grain state and reminders in Redis, so that more silos
// (--Workflows:Replicas=2) form one cluster. "workflows" is the grain storage the instance grain names.
var cluster = builder.AddOrleans("workflows-cluster")
    .WithClusterId("integration-suite")
    .WithServiceId("workflows")
    .WithClustering(redis)
    .WithGrainStorage("workflows", redis)
    .WithReminders(redis);

// Workflows is the only caller of the other services (DESIGN.md: data flows one way through a step).
var workflows = builder.AddProject<Projects.Integration_Workflows>("workflows")
    .WithHttpEndpoint(port: Ports.Workflows)
    .WithReplicas(builder.Configuration.GetValue("Workflows:Replicas", 1))
    .WithReference(cluster)
    .WithLocalSilosOnLoopback(builder)
    .WithSuiteDefaults(redis, signingKey)
    .WithReference(inference)
    .WithReference(governance)
    .WithReference(connectors)
    .WaitFor(inference)
    .WaitFor(governance)
    .WaitFor(connectors);

// Trigger events (Zendesk webhooks, Salesforce and SAP changes) go from the connectors' outbox to the workflows.
connectors.WithReference(workflows)
    .WithEnvironment("Connectors__EventsTarget", "http://workflows");

// Drift alerts go from the inference service's outbox to the workflows as trigger events (type inference.drift.alert).
inference.WithReference(workflows)
    .WithEnvironment("Inference__EventsTarget", "http://workflows");

var portal = builder.AddProject<Projects.Integration_Portal>("portal")
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

// `./run.sh --Auth:SignIn=sandbox`: people sign in at the Sandbox's OpenID Connect provider, as a deployment's do at its own
// (Auth__Oidc__* on each service), and the services accept its tokens by its published keys. The dev login stays on.
if (builder.ExecutionContext.IsRunMode && builder.Configuration["Auth:SignIn"] == "sandbox")
{
    var clientSecret = builder.AddGeneratedSecret("oidc-client-secret", minLength: 32);
    sandbox.WithEnvironment("Sandbox__Oidc__ClientSecret", clientSecret);
    foreach (var service in new[] { inference, governance, connectors, workflows, portal })
    {
        service.WithEnvironment("Auth__Oidc__Authority", "http://127.0.0.1:" + Ports.Sandbox + "/oidc");
    }

    portal.WithEnvironment("Auth__Oidc__ClientId", "integration-portal")
        .WithEnvironment("Auth__Oidc__ClientSecret", clientSecret)
        .WithEnvironment("Auth__Oidc__DisplayName", "the Sandbox's identity provider");
}

if (Preflight.Problems(builder) is [_, ..] problems)
{
    Console.Error.WriteLine("Cannot start the suite; nothing was started:" + string.Concat(problems.Select(p => "\n  - " + p)));
    return 1;
}

// The terminal names a resource that fails, with why, and says when everything is up (the dashboard shows the rest).
builder.Services.AddHostedService<ResourceReport>();
// Services stop before Redis, so that each leaves cleanly (a silo its cluster, a loop its stream).
builder.Services.AddHostedService<OrderedShutdown>();
// A service or Redis that ends by itself is started again, with backoff (a deployment's orchestrator does this there).
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddHostedService<Supervisor>();

builder.Build().Run();
return 0;
