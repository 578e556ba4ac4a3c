using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Approvals;
using Integration.Workflows.Cluster;
using Integration.Workflows.Definitions;
using Integration.Workflows.Kpis;
using Integration.Workflows.Runtime;
using Integration.Workflows.Triggers;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DefinitionStore>();
builder.Services.AddHostedService<SamplePublisher>();
builder.Services.AddHttpClient(ServiceActivityExecutor.Governance, client => client.BaseAddress = new Uri("http://governance")).AddServiceAuthentication();
#pragma warning disable EXTEXP0001
// A connector call waits for the SaaS (its rate limits, Retry-After, a repeat of a call still running): the connector
// service applies its own per-attempt timeouts and retries, so the workflow gives it two minutes and no second layer.
builder.Services.AddHttpClient(ServiceActivityExecutor.Connectors, client =>
    {
        client.BaseAddress = new Uri("http://connectors");
        client.Timeout = TimeSpan.FromMinutes(2);
    })
    .RemoveAllResilienceHandlers()
    .AddServiceAuthentication();

// A generation on a real LLM can take minutes: the gateway's per-backend timeouts and fallbacks govern model calls.
builder.Services.AddHttpClient(ServiceActivityExecutor.Inference, client =>
    {
        client.BaseAddress = new Uri("http://inference");
        client.Timeout = TimeSpan.FromMinutes(5);
    })
    .RemoveAllResilienceHandlers()
    .AddServiceAuthentication();
#pragma warning restore EXTEXP0001

builder.Services.AddSingleton<IActivityExecutor, ServiceActivityExecutor>();
builder.Services.AddSingleton<ApprovalStore>();
builder.Services.AddSingleton<ApprovalCoordinator>();
builder.Services.AddSingleton<KpiRecorder>();
builder.Services.AddHostedService<ScheduleTriggers>();
builder.Services.AddSingleton<TriggerQueue>();
builder.Services.AddHostedService<TriggerRunner>();
builder.Services.AddSingleton<RunningInstances>();
builder.Services.AddHostedService<InstanceRecovery>();
builder.Services.AddOpenTelemetry()
    .WithMetrics(m => m.AddMeter(KpiRecorder.MeterName))
    // Grain calls as spans, so that a run's model and connector calls belong to the request that started it.
    .WithTracing(t => t.AddSource("Microsoft.Orleans.Application"));

// Instances are Orleans grains. The app host (Aspire.Hosting.Orleans) says where their membership, state and reminders
// live: Orleans:Clustering, Orleans:GrainStorage:workflows and Orleans:Reminders name the keyed Redis client "redis".
// Run without the app host (a test, a benchmark), the silo keeps all three where the app host would put them.
foreach (var section in new[] { "Clustering", "GrainStorage:workflows", "Reminders" })
{
    builder.Configuration[$"Orleans:{section}:ProviderType"] ??= "Redis";
    builder.Configuration[$"Orleans:{section}:ServiceKey"] ??= "redis";
}

builder.Configuration["Orleans:ServiceId"] ??= "workflows";
builder.AddKeyedRedisClient("redis");
// Orleans:Endpoints (ports, and the advertised address, 127.0.0.1 in local runs) come from the app host too; a silo
// listens where it advertises.
builder.UseOrleans(silo => silo.AddActivityPropagation());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDefinitionEndpoints();
app.MapInstanceEndpoints();
app.MapApprovalEndpoints();
app.MapKpiEndpoints();
app.MapClusterEndpoints();
app.Run();
