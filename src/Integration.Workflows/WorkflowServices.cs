using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Configuration;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Activities;
using Integration.Workflows.Approvals;
using Integration.Workflows.Definitions;
using Integration.Workflows.Feedback;
using Integration.Workflows.Kpis;
using Integration.Workflows.Runtime;
using Integration.Workflows.Services;
using Integration.Workflows.Triggers;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Storage;

namespace Integration.Workflows;

public static class WorkflowServices
{
    /// <summary>
    /// Everything the workflow service is made of: definitions, the clients of the services its steps call, approvals,
    /// KPIs, trigger intake and schedules, and the Orleans silo whose grains are the instances.
    /// </summary>
    public static IHostApplicationBuilder AddWorkflowServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DefinitionStore>();
        builder.Services.AddHostedService<SamplePublisher>();
        builder.Services.AddServiceClients();
        // The activity catalog: what is registered here (AddActivity<T>() adds one of a company's own).
        builder.Services.AddActivities();
        builder.Services.AddSingleton<ApprovalStore>();
        builder.Services.AddSingleton<ApprovalCoordinator>();
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<FeedbackRecorder>();
        builder.Services.AddHostedService<FeedbackForwarder>();
        builder.AddValidatedOptions<KpiOptions>(KpiOptions.SectionName);
        builder.AddValidatedOptions<Activities.Flow.CallOptions>(Activities.Flow.CallOptions.SectionName);
        builder.Services.AddSingleton<KpiRecorder>();
        builder.Services.AddHostedService<ScheduleTriggers>();
        builder.Services.AddSingleton<TriggerQueue>();
        builder.Services.AddHostedService<TriggerRunner>();
        builder.Services.AddSingleton<RunningInstances>();
        builder.Services.AddSingleton<Instances.InstanceIndex>();
        builder.Services.AddHostedService<Instances.InstanceKeyBackfill>();
        builder.Services.AddHostedService<InstanceRecovery>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(KpiRecorder.MeterName))
            // Grain calls as spans, so that a run's model and connector calls belong to the request that started it.
            .WithTracing(t => t.AddSource("Microsoft.Orleans.Application"));
        builder.AddInstanceSilo();
        return builder;
    }

    /// <summary>
    /// Instances are Orleans grains. The app host (Aspire.Hosting.Orleans) says where their membership, state and reminders
    /// live: Orleans:Clustering, Orleans:GrainStorage:workflows and Orleans:Reminders name the keyed Redis client "redis".
    /// Run without the app host (a test, a benchmark), the silo keeps all three where the app host would put them.
    /// </summary>
    private static void AddInstanceSilo(this IHostApplicationBuilder builder)
    {
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
        builder.Services.AddSerializer(GrainMessages);
        // Instance state at rest: JSON, encrypted (it holds personal data); what Orleans' default serializer wrote before is still read.
        builder.Services.AddOptions<RedisStorageOptions>(WorkflowInstanceGrain.Storage).Configure<IServiceProvider>((options, services) =>
            options.GrainStorageSerializer = new ProtectedStateSerializer(services.GetRequiredService<SensitiveData>(), services.GetRequiredService<IGrainStorageSerializer>()));
    }

    /// <summary>
    /// How grain calls carry what they carry. Instance data (inputs, outputs, variables) is JSON, and so are the API's
    /// records (Integration.Contracts, which knows nothing of Orleans): they cross between silos as JSON. The records are
    /// immutable and each answer is built fresh, so a call inside a silo passes them as they are, as [Immutable] would.
    /// </summary>
    public static void GrainMessages(ISerializerBuilder serializer)
    {
        serializer.AddJsonSerializer(isSerializable: type => type.IsAssignableTo(typeof(JsonNode)) || ApiRecords.Are(type),
            isCopyable: type => type.IsAssignableTo(typeof(JsonNode)), configureOptions: null);
        serializer.Services.AddSingleton<IGeneralizedCopier, ApiRecords>();
    }
}
