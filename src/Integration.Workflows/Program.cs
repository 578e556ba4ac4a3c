using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Definitions;
using Integration.Workflows.Runtime;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DefinitionStore>();
builder.Services.AddHostedService<SamplePublisher>();
builder.Services.AddHttpClient(ServiceActivityExecutor.Governance, client => client.BaseAddress = new Uri("http://governance")).AddServiceAuthentication();
builder.Services.AddHttpClient(ServiceActivityExecutor.Connectors, client => client.BaseAddress = new Uri("http://connectors")).AddServiceAuthentication();
#pragma warning disable EXTEXP0001 // a generation on a real LLM can take minutes: the gateway's per-backend timeouts and fallbacks govern model calls
builder.Services.AddHttpClient(ServiceActivityExecutor.Inference, client =>
    {
        client.BaseAddress = new Uri("http://inference");
        client.Timeout = TimeSpan.FromMinutes(5);
    })
    .RemoveAllResilienceHandlers()
    .AddServiceAuthentication();
#pragma warning restore EXTEXP0001

builder.Services.AddSingleton<IActivityExecutor, ServiceActivityExecutor>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDefinitionEndpoints();
app.Logger.LogWarning("Workflow service: definitions (validation, versions, publishing) and the activity catalog run; " +
                      "the runtime that executes instances (Orleans), approvals, triggers and KPIs is not implemented yet.");
app.Run();
