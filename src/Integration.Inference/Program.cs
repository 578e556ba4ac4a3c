using System.Text.Json.Serialization;
using Integration.Inference.Backends;
using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.Inference.Knowledge;
using Integration.Inference.Ollama;
using Integration.Inference.OpenAI;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<InferenceOptions>()
    .Bind(builder.Configuration.GetSection(InferenceOptions.SectionName))
    .ValidateDataAnnotations()
    .Validate(o => !ModelRegistry.Validate(o).Any(), "Inference:Models has invalid references")
    .ValidateOnStart();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<InferenceOptions>>().Value);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => ShippedData.Load());
builder.Services.AddSingleton<LexicalModels>();
builder.Services.AddSingleton<TokenCounter>();
builder.Services.AddSingleton<KnowledgeBase>();
builder.Services.AddSingleton<ClassifierVersions>();
builder.Services.AddSingleton<ModelRegistry>();
builder.Services.AddSingleton<EmbeddedBackend>();
builder.Services.AddSingleton<BackendSet>();
builder.Services.AddSingleton<GpuProbe>();
builder.Services.AddSingleton<ModelRouter>();
builder.Services.AddSingleton<ResponseCache>();
builder.Services.AddSingleton<Metering>();
builder.Services.AddSingleton<InferenceGateway>();
builder.Services.AddHostedService<EngineBootstrap>();
#pragma warning disable EXTEXP0001 // model calls get the router's timeouts and fallbacks, not transport retries
builder.Services.AddHttpClient(UpstreamHttp.ClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
builder.Services.AddHealthChecks().AddCheck<BackendsHealthCheck>("backends");
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Metering.MeterName));

var app = builder.Build();
foreach (var problem in ModelRegistry.Validate(app.Services.GetRequiredService<InferenceOptions>()))
{
    app.Logger.LogCritical("{Problem}", problem);
}

app.MapDefaultEndpoints();
app.MapOllamaEndpoints();
app.MapOpenAIEndpoints();
app.MapRegistryEndpoints();
app.MapKnowledgeEndpoints();
app.MapTrainingEndpoints();
app.Run();
