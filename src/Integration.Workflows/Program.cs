using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Approvals;
using Integration.Workflows.Definitions;
using Integration.Workflows.Kpis;
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
builder.Services.AddSingleton<ApprovalStore>();
builder.Services.AddSingleton<ApprovalCoordinator>();
builder.Services.AddSingleton<KpiRecorder>();
builder.Services.AddHostedService<ScheduleTriggers>();
builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(KpiRecorder.MeterName));

// Instances are Orleans grains; clustering, their state and their reminders live in the suite's Redis.
builder.UseOrleans(silo =>
{
    var orleans = builder.Configuration.GetSection("Orleans");
    var redis = () => StackExchange.Redis.ConfigurationOptions.Parse(builder.Configuration.GetConnectionString("redis") ?? "");
    silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
    {
        o.ClusterId = orleans["ClusterId"] ?? "integration-suite";
        o.ServiceId = orleans["ServiceId"] ?? "workflows";
    });
    silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, orleans.GetValue("Endpoints:SiloPort", 11111), orleans.GetValue("Endpoints:GatewayPort", 30000));
    silo.UseRedisClustering(o => o.ConfigurationOptions = redis());
    silo.AddRedisGrainStorage(WorkflowInstanceGrain.Storage, o => o.ConfigurationOptions = redis());
    silo.UseRedisReminderService(o => o.ConfigurationOptions = redis());
});

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDefinitionEndpoints();
app.MapInstanceEndpoints();
app.MapApprovalEndpoints();
app.MapKpiEndpoints();
app.Run();
