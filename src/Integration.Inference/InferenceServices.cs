using System.Text.Json.Serialization;
using Integration.Inference.Backends;
using Integration.Inference.Datasets;
using Integration.Inference.Engine;
using Integration.Inference.Evaluation;
using Integration.Inference.Gateway;
using Integration.Inference.Knowledge;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Configuration;

namespace Integration.Inference;

public static class InferenceServices
{
    /// <summary>Everything the inference service is made of: the model registry and its backends, the embedded engine, the gateway, the knowledge base.</summary>
    public static IHostApplicationBuilder AddInferenceServices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<InferenceOptions>(InferenceOptions.SectionName)
            .Validate(o => !ModelRegistry.Validate(o).Any(), "Inference:Models has invalid references");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => ShippedData.Load());
        builder.Services.AddSingleton<LexicalModels>();
        builder.Services.AddSingleton<TokenCounter>();
        builder.Services.AddSingleton<SentenceEmbedder>();
        builder.Services.AddSingleton<KnowledgeBase>();
        builder.Services.AddSingleton<ClassifierVersions>();
        builder.Services.AddSingleton<DatasetStore>();
        builder.Services.AddSingleton<EvaluationStore>();
        builder.Services.AddSingleton<Evaluator>();
        builder.Services.AddSingleton<BackendEvaluationStore>();
        builder.Services.AddSingleton<BackendEvaluator>();
        builder.Services.AddSingleton<ExtractorEvaluator>();
        builder.Services.AddSingleton<DrafterEvaluator>();
        builder.Services.AddSingleton<PromotionGate>();
        builder.Services.AddSingleton<TrainingRuns>();
        builder.AddValidatedOptions<RetrainingOptions>(RetrainingOptions.SectionName);
        builder.Services.AddSingleton<RetrainingLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetrainingLoop>());
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<EmbeddedBackend>();
        builder.Services.AddSingleton<BackendSet>();
        builder.Services.AddSingleton<GpuProbe>();
        builder.Services.AddSingleton<ModelRouter>();
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddSingleton<Metering>();
        builder.Services.AddSingleton<InferenceGateway>();
        builder.AddValidatedOptions<Drift.DriftOptions>(Drift.DriftOptions.SectionName);
        builder.Services.AddSingleton<Drift.DriftStore>();
        builder.Services.AddSingleton<Drift.DriftReports>();
        builder.Services.AddSingleton<Drift.DriftMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Drift.DriftMonitor>());
        builder.Services.AddHostedService<EngineBootstrap>();
        builder.Services.AddSingleton<Audit.AuditOutbox>();
        builder.Services.AddHttpClient<Audit.GovernanceAuditClient>((sp, client) =>
                client.BaseAddress = new Uri(sp.GetRequiredService<InferenceOptions>().AuditTarget is { Length: > 0 } target ? target : "http://governance"))
            .AddServiceAuthentication();
        builder.Services.AddHostedService<Audit.AuditForwarder>();
        builder.Services.AddSingleton<Drift.DriftEventOutbox>();
        builder.Services.AddHttpClient<Drift.WorkflowEventsClient>((sp, client) =>
                client.BaseAddress = new Uri(sp.GetRequiredService<InferenceOptions>().EventsTarget is { Length: > 0 } target ? target : "http://workflows"))
            .AddServiceAuthentication();
        builder.Services.AddHostedService<Drift.DriftEventForwarder>();
#pragma warning disable EXTEXP0001 // model calls get the router's timeouts and fallbacks, not transport retries
        builder.Services.AddHttpClient(UpstreamHttp.ClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddHealthChecks().AddCheck<BackendsHealthCheck>("backends");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Metering.MeterName));
        return builder;
    }
}
